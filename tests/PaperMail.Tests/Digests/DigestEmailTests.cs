using System.Net;
using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>The whole digest path: seed papers, a real match run, the digest job, a real SMTP server, the links.</summary>
[Collection(nameof(AppCollection))]
public sealed partial class DigestEmailTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly TestSmtpServer _smtp = new();
    private readonly TempFolder _keys = new();
    private PaperMailApp _app = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task<PaperMailApp> StartAsync(params string[] queries)
    {
        _app = _smtp.Configure(new PaperMailApp())
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .With("PaperMail:Digest:FooterText", "PaperMail test lab · 1 Example Street · Zagreb")
            .WithServices(s => s.AddSingleton<TimeProvider>(_clock));
        ConfigureExtra?.Invoke(_app);
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        var db = _app.Services.GetRequiredService<SqliteDatabase>();
        var subscriber = await SubscriptionRows.AddSubscriberAsync(db, "reader@example.org");
        foreach (var query in queries) await SubscriptionRows.AddAlertAsync(db, subscriber, query);
        await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        return _app;
    }

    private Action<PaperMailApp>? ConfigureExtra { get; set; }

    private async Task<DigestRun> RunDigestJobAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _smtp.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task ADigestListsEachMatchedPaperOnceByUpvotesWithWhyAndTheLinksAReaderNeeds()
    {
        await StartAsync("multilingual", "\"long context\"");

        var run = await RunDigestJobAsync();
        var mail = await _smtp.NextAsync();

        Assert.Equal(1, run.Sent);
        Assert.Matches(@"^\d+ new papers for multilingual, ""long context""$", mail.Subject);
        Assert.Equal("reader@example.org", mail.To.Mailboxes.Single().Address);
        Assert.EndsWith("@papermail.example>", "<" + mail.MessageId + ">");
        Assert.NotNull(mail.TextBody);
        Assert.NotNull(mail.HtmlBody);

        var titles = TitleLink().Matches(mail.HtmlBody!).Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups["title"].Value, "<.*?>", ""))).ToList();
        Assert.InRange(titles.Count, 2, 20);
        Assert.Equal(titles.Count, titles.Distinct().Count());
        var upvotes = UpvoteCount().Matches(mail.HtmlBody!).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(upvotes.OrderDescending(), upvotes);
        Assert.Contains("<mark class=\"hit\"", mail.HtmlBody);
        // Gmail keeps inline styles only: every classed element carries its own, and the <style> block holds nothing
        // but the dark-mode media query (which cannot be inline).
        Assert.All(ClassedElement().Matches(mail.HtmlBody!), element => Assert.Contains(" style=\"", element.Value));
        Assert.StartsWith("@media (prefers-color-scheme: dark)", StyleBlock().Match(mail.HtmlBody!).Groups["css"].Value.Trim());
        Assert.Contains("https://huggingface.co/papers/", mail.HtmlBody);
        Assert.Contains("https://arxiv.org/pdf/", mail.HtmlBody);
        Assert.Contains("PaperMail test lab · 1 Example Street · Zagreb", mail.TextBody);
        Assert.Matches(@"Why: (multilingual|""long context"")", mail.TextBody);
        Assert.DoesNotContain("&amp;", mail.TextBody);
    }

    [Fact]
    public async Task TheOneClickUnsubscribePairAndListIdAreSetAndTheLinkWorks()
    {
        await StartAsync("multilingual");
        await RunDigestJobAsync();
        var mail = await _smtp.NextAsync();

        var unsubscribe = mail.Headers["List-Unsubscribe"];
        Assert.Matches(@"^<http://localhost/unsubscribe/[A-Za-z0-9_-]{43}>$", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("PaperMail digests <digests.papermail.example>", mail.Headers["List-Id"]);

        var url = new Uri(unsubscribe!.Trim('<', '>'));
        var response = await _app.CreateClient().PostAsync(url.PathAndQuery,
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        _clock.Advance(TimeSpan.FromDays(1));
        await SubscriptionRows.AddAlertAsync(_app.Services.GetRequiredService<SqliteDatabase>(), 1, "retrieval");
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        }
        Assert.Equal(0, (await RunDigestJobAsync()).Sent);
    }

    [Fact]
    public async Task RunningTheJobTwiceSendsOneEmail()
    {
        await StartAsync("multilingual");

        await RunDigestJobAsync();
        await RunDigestJobAsync();
        _clock.Advance(TimeSpan.FromHours(3));
        await RunDigestJobAsync();

        await _smtp.NextAsync();
        Assert.Single(_smtp.Received);
    }

    [Fact]
    public async Task NonAsciiTextIsSentAsUtf8NotAsEntities()
    {
        await StartAsync("author:Glavas");
        await RunDigestJobAsync();
        var mail = await _smtp.NextAsync();

        Assert.Contains("Goran Glavaš", mail.HtmlBody);
        Assert.Contains("Goran Glavaš", mail.TextBody);
        Assert.DoesNotContain(NumericEntities().Matches(mail.HtmlBody!), e => int.Parse(e.Groups["hex"].Value, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) > 0x7F);
    }

    [Fact]
    public async Task OpeningTheWebViewStoresNoLinkTokensAndItsLinksWorkWhenFollowed()
    {
        await StartAsync("multilingual");
        await RunDigestJobAsync();
        var mail = await _smtp.NextAsync();
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var webUrl = new Uri(Regex.Match(mail.TextBody!, @"View in browser: (\S+)").Groups[1].Value);
        var tokensAfterSending = await TokenCountAsync();

        var html = await client.GetStringAsync(webUrl.PathAndQuery);
        await client.GetStringAsync(webUrl.PathAndQuery);
        Assert.Equal(tokensAfterSending, await TokenCountAsync());

        // The page's links carry the digest's own token: following them writes nothing either.
        var token = webUrl.AbsolutePath.Split('/')[^1];
        var manage = new Uri(Regex.Match(html, @"href=""([^""]+/manage/[^""]+)""").Groups[1].Value);
        Assert.Equal("/manage/" + token, manage.AbsolutePath);
        var managePage = await client.GetStringAsync(manage.PathAndQuery);
        Assert.Contains("multilingual", managePage);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/unsubscribe/" + token)).StatusCode);

        // Links of web views rendered before this change lead to the same pages, by redirect.
        var followed = await client.GetAsync(webUrl.AbsolutePath + "/manage");
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Equal("/manage/" + token, followed.Headers.Location!.OriginalString);
        var unsubscribe = await client.GetAsync(webUrl.AbsolutePath + "/unsubscribe");
        Assert.Equal("/unsubscribe/" + token, unsubscribe.Headers.Location!.OriginalString);
        Assert.Equal(tokensAfterSending, await TokenCountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/digests/" + new string('x', 43) + "/manage")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(webUrl.AbsolutePath + "/confirm")).StatusCode);
    }

    private async Task<long> TokenCountAsync()
    {
        await using var connection = await _app.Services.GetRequiredService<SqliteDatabase>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT count(*) FROM subscription_tokens");
    }

    [Fact]
    public async Task TheViewInBrowserPageAndTheAtomFeedWork()
    {
        await StartAsync("multilingual");
        await RunDigestJobAsync();
        var mail = await _smtp.NextAsync();
        var client = _app.CreateClient();

        var webUrl = new Uri(Regex.Match(mail.TextBody!, @"View in browser: (\S+)").Groups[1].Value);
        var page = await client.GetAsync(webUrl.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        // The page is the email (inline styles) and must still allow no inline script.
        Assert.Contains("style-src 'self' 'unsafe-inline'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self';", page.Headers.GetValues("Content-Security-Policy").Single());
        // The email shows the first 20 (PaperMail:Digest:MaxPapers) and links the rest; the web view shows them all.
        var inEmail = TitleLink().Matches(mail.HtmlBody!).Count;
        var onWeb = TitleLink().Matches(html).Count;
        Assert.Equal(20, inEmail);
        Assert.Contains($"And {onWeb - inEmail} more papers", mail.HtmlBody);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/digests/" + new string('x', 43))).StatusCode);

        // The email's feed link leads to the manage page, where a post makes a feed address (shown once).
        var feedLink = new Uri(Regex.Match(mail.TextBody!, @"Atom feed: (\S+)").Groups[1].Value);
        Assert.Equal("#feed", feedLink.Fragment);
        var antiforgery = await Subscribing.SubscribingTestBed.AntiforgeryTokenAsync(client, feedLink.AbsolutePath);
        var made = await (await client.PostAsync(feedLink.AbsolutePath + "?handler=Feed",
            new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery)]))).Content.ReadAsStringAsync();
        var feedUrl = new Uri(Regex.Match(made, @"<code id=""feed-url"">([^<]+)</code>").Groups[1].Value);
        var feedResponse = await client.GetAsync(feedUrl.PathAndQuery);
        Assert.Equal("application/atom+xml", feedResponse.Content.Headers.ContentType?.MediaType);
        using var reader = XmlReader.Create(await feedResponse.Content.ReadAsStreamAsync(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var feed = SyndicationFeed.Load(reader);
        Assert.NotEmpty(feed.Items);
        Assert.All(feed.Items, i => Assert.StartsWith("urn:papermail:paper:", i.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/feeds/" + new string('x', 43) + ".atom")).StatusCode);
    }

    [Fact]
    public async Task ADkimSignedDigestVerifiesAndSignsTheOneClickHeaders()
    {
        using var rsa = RSA.Create(2048);
        var keyPath = _keys.File("dkim.pem");
        await File.WriteAllTextAsync(keyPath, rsa.ExportRSAPrivateKeyPem());
        ConfigureExtra = app => app
            .With("PaperMail:Dkim:Domain", "papermail.example")
            .With("PaperMail:Dkim:Selector", "mail")
            .With("PaperMail:Dkim:PrivateKeyPath", keyPath);
        await StartAsync("multilingual");
        await RunDigestJobAsync();
        var mail = await _smtp.NextAsync();

        var signature = mail.Headers[HeaderId.DkimSignature];
        Assert.NotNull(signature);
        var signedHeaders = Regex.Replace(Regex.Match(signature, @"h=([^;]+)").Groups[1].Value, @"\s+", "").ToLowerInvariant().Split(':'); // the list may be folded
        Assert.Superset(new HashSet<string> { "from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post", "list-id" }, signedHeaders.ToHashSet());
        var verifier = new DkimVerifier(new SingleKeyLocator(rsa.ExportSubjectPublicKeyInfoPem()));
        var index = mail.Headers.IndexOf(HeaderId.DkimSignature);
        Assert.True(await verifier.VerifyAsync(mail, mail.Headers[index]));
    }

    /// <summary>Answers every DKIM key lookup with the test's public key, as DNS would for the selector.</summary>
    private sealed class SingleKeyLocator(string publicKeyPem) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            (Org.BouncyCastle.Crypto.AsymmetricKeyParameter)new Org.BouncyCastle.OpenSsl.PemReader(new StringReader(publicKeyPem)).ReadObject();

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }

    [GeneratedRegex(@"<a class=""title""[^>]*>(?<title>.*?)</a>", RegexOptions.Singleline)]
    private static partial Regex TitleLink();

    [GeneratedRegex(@"(\d+) upvotes?")]
    private static partial Regex UpvoteCount();

    [GeneratedRegex(@"<[a-z]+ class=""[^""]*""[^>]*>")]
    private static partial Regex ClassedElement();

    [GeneratedRegex(@"<style>(?<css>.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();

    /// <summary>Razor writes a few ASCII characters (' +) as entities, which is fine; non-ASCII must stay UTF-8 text.</summary>
    [GeneratedRegex(@"&#x(?<hex>[0-9A-Fa-f]+);")]
    private static partial Regex NumericEntities();
}
