using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Papers;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>
/// The private Atom feed whose link each digest carries, read as raw XML (not with the library that writes it):
/// which entries, their ids, links, dates, authors and categories, and text that survives markup and non-ASCII.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class AtomFeedTests : IAsyncDisposable
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset MatchedAt = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(MatchedAt);
    private readonly TestSmtpServer _smtp = new();
    private PaperMailApp? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task TheFeedHasOneEntryPerMatchedPaperWithItsLinkDatesAuthorsAndAlertsAndKeepsTextIntact()
    {
        _app = _smtp.Configure(new PaperMailApp()).WithServices(s => s.AddSingleton<TimeProvider>(_clock));
        await _app.Services.GetRequiredService<IPaperStore>().UpsertAsync("test", [
            new IncomingPaper
            {
                Id = "2601.00001", Title = "Multilingual <b>retrieval</b> & Glavaš", Abstract = "We study multilingual retrieval.",
                Authors = ["Goran Glavaš", "Ada Lovelace"], Upvotes = 12, PublishedAt = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero),
            },
            new IncomingPaper { Id = "2601.00002", Title = "Cross-lingual transfer", Abstract = "A multilingual model." },
            new IncomingPaper { Id = "2601.00003", Title = "Protein folding", Abstract = "Nothing to do with languages." },
        ], MatchedAt);
        var db = _app.Services.GetRequiredService<SqliteDatabase>();
        var subscriber = await SubscriptionRows.AddSubscriberAsync(db, "reader@example.org");
        await SubscriptionRows.AddAlertAsync(db, subscriber, "multilingual");
        await SubscriptionRows.AddAlertAsync(db, subscriber, "title:retrieval");
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
        }
        var mail = await _smtp.NextAsync();
        // The email leads to the manage page's feed section, where a POST makes the private feed address.
        var manage = new Uri(Regex.Match(mail.TextBody!, @"Atom feed: (\S+)").Groups[1].Value).AbsolutePath;
        var client = _app.CreateClient();
        var antiforgery = await SubscribingTestBed.AntiforgeryTokenAsync(client, manage);
        var made = await client.PostAsync(manage + "?handler=Feed", new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery)]));
        var feedUrl = new Uri(Regex.Match(await made.Content.ReadAsStringAsync(), @"<code id=""feed-url"">([^<]+)</code>").Groups[1].Value);

        var response = await client.GetAsync(feedUrl.PathAndQuery);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", body);
        // Markup in a title is text, escaped once; non-ASCII is written as UTF-8, not as entities.
        Assert.Contains("Multilingual &lt;b&gt;retrieval&lt;/b&gt; &amp; Glavaš", body);
        Assert.DoesNotContain("<b>", body);

        var feed = XDocument.Parse(body).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal(feedUrl.ToString(), feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), (DateTimeOffset)feed.Element(Atom + "updated")!);
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(["urn:papermail:paper:2601.00001", "urn:papermail:paper:2601.00002"], entries.Select(e => e.Element(Atom + "id")!.Value));

        var first = entries[0];
        Assert.Equal("Multilingual <b>retrieval</b> & Glavaš", first.Element(Atom + "title")!.Value);
        Assert.Equal("https://huggingface.co/papers/2601.00001", first.Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Equal("We study multilingual retrieval.", first.Element(Atom + "content")!.Value);
        Assert.Equal(["Goran Glavaš", "Ada Lovelace"], first.Elements(Atom + "author").Select(a => a.Element(Atom + "name")!.Value));
        Assert.Equal(["multilingual", "title:retrieval"], first.Elements(Atom + "category").Select(c => c.Attribute("term")!.Value).Order());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), (DateTimeOffset)first.Element(Atom + "published")!);
        Assert.Equal(MatchedAt, (DateTimeOffset)first.Element(Atom + "updated")!);

        // Not from Hugging Face: the arXiv page; no authors known; no publication date, so the day it matched.
        var second = entries[1];
        Assert.Equal("https://arxiv.org/abs/2601.00002", second.Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Equal(["Unknown"], second.Elements(Atom + "author").Select(a => a.Element(Atom + "name")!.Value));
        Assert.Equal(["multilingual"], second.Elements(Atom + "category").Select(c => c.Attribute("term")!.Value));
        Assert.Equal(MatchedAt, (DateTimeOffset)second.Element(Atom + "published")!);
    }

    [Fact]
    public async Task AnUnknownOrMalformedFeedTokenIs404()
    {
        _app = new PaperMailApp();
        var client = _app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/feeds/" + new string('x', 43) + ".atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/feeds/short.atom")).StatusCode);
    }
}
