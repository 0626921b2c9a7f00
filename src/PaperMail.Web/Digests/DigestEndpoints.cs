using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using PaperMail.Core.Digests;
using PaperMail.Core.Papers;
using PaperMail.Core.Subscriptions;
using PaperMail.Templates;
using PaperMail.Templates.Digest;
using PaperMail.Web.Subscribing;

namespace PaperMail.Web.Digests;

/// <summary>The digest's "view in browser" page and each subscriber's private Atom feed. The token in the URL is the key.</summary>
public static class DigestEndpoints
{
    /// <summary>How far back a feed reaches, and how many entries it holds at most.</summary>
    public static readonly TimeSpan FeedWindow = TimeSpan.FromDays(30);
    public const int FeedLimit = 100;

    /// <summary>The web view is the full digest: no cap, so "and N more" in the email leads somewhere.</summary>
    private static readonly DigestComposer FullDigest = new(Options.Create(new DigestOptions { MaxPapers = int.MaxValue }));

    public static IEndpointRouteBuilder MapDigestPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/digests/{token}", ViewAsync).RequireRateLimiting(RateLimiting.ViewPolicy);
        app.MapGet("/digests/{token}/{purpose:regex(^(manage|unsubscribe)$)}", FollowLinkAsync).RequireRateLimiting(RateLimiting.ViewPolicy);
        app.MapGet("/feeds/{token}.atom", FeedAsync).RequireRateLimiting(RateLimiting.FeedPolicy);
        return app;
    }

    /// <remarks>
    /// The digest's one token serves the page's manage and unsubscribe links too, so viewing writes nothing. The page
    /// works as long as the email's unsubscribe link.
    /// </remarks>
    private static async Task<IResult> ViewAsync(string token, IDigestStore store, EmailTemplateRenderer templates,
        IOptions<PaperMailOptions> app, IOptions<DigestOptions> options, IOptions<EmailLinkOptions> lifetimes, TimeProvider clock, CancellationToken ct)
    {
        if (await FindDigestAsync(token, store, ct) is not { } digest
            || (digest.SentAt ?? digest.CreatedAt) + lifetimes.Value.UnsubscribeLifetime <= clock.GetUtcNow()) return DigestNotFound();
        var content = FullDigest.Compose(await store.GetItemsAsync(digest.Id, ct));
        var baseUrl = app.Value.PublicBaseUrl.TrimEnd('/');
        var model = new DigestEmailModel(content, digest.Email, digest.Frequency, $"{baseUrl}/manage/{token}", $"{baseUrl}/unsubscribe/{token}", "#", null, options.Value.FooterText);
        var html = await DigestMailer.RenderHtmlAsync(templates, model);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// A manage or unsubscribe link of an older web view: the digest's token works on those pages itself, so this only
    /// redirects (a GET writes nothing); the page it leads to checks the token's lifetime.
    /// </summary>
    private static async Task<IResult> FollowLinkAsync(string token, string purpose, IDigestStore store, CancellationToken ct) =>
        await FindDigestAsync(token, store, ct) is null ? DigestNotFound() : Results.Redirect($"/{purpose}/{token}");

    private static IResult DigestNotFound() =>
        Results.Content(NotFoundPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static async Task<DigestRecord?> FindDigestAsync(string token, IDigestStore store, CancellationToken ct) =>
        SubscriptionToken.LooksValid(token) ? await store.FindByWebTokenAsync(SubscriptionToken.Hash(token), ct) : null;

    private static async Task<IResult> FeedAsync(string token, SubscriptionFlow links, IDigestStore store,
        IOptions<PaperMailOptions> app, TimeProvider clock, CancellationToken ct)
    {
        if (await links.FindSubscriberAsync(token, TokenPurpose.Feed, ct) is not { } subscriberId) return Results.NotFound();
        var now = clock.GetUtcNow();
        var matches = await store.GetRecentMatchesAsync(subscriberId, now - FeedWindow, FeedLimit, ct);
        var self = new Uri($"{app.Value.PublicBaseUrl.TrimEnd('/')}/feeds/{token}.atom");
        var feed = new SyndicationFeed("PaperMail: your matched papers", "Papers that matched your PaperMail alerts", self)
        {
            Id = $"urn:papermail:feed:{SubscriptionToken.Hash(token)[..16]}",
            LastUpdatedTime = matches.Count > 0 ? matches[0].MatchedAt : now,
            Generator = "PaperMail",
        };
        feed.Links.Add(new SyndicationLink(self) { RelationshipType = "self", MediaType = "application/atom+xml" });
        feed.Authors.Add(new SyndicationPerson { Name = "PaperMail" });
        feed.Items = matches
            .GroupBy(m => m.Item.Paper.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var (matchedAt, item) = g.First();
                var paper = item.Paper;
                // Papers stored before ingestion cleaned text may hold characters XML cannot carry: the writer would throw.
                var entry = new SyndicationItem(XmlSafeText.Clean(paper.Title), XmlSafeText.Clean(DigestComposer.Excerpt(paper)),
                    Uri.TryCreate(Core.Papers.PaperLinks.PageUrl(paper), UriKind.Absolute, out var page) ? page : null)
                {
                    Id = $"urn:papermail:paper:{XmlSafeText.Clean(paper.Id)}",
                    LastUpdatedTime = matchedAt,
                    PublishDate = paper.PublishedAt ?? matchedAt,
                };
                foreach (var author in paper.Authors.Take(10)) entry.Authors.Add(new SyndicationPerson { Name = XmlSafeText.Clean(author) });
                if (entry.Authors.Count == 0) entry.Authors.Add(new SyndicationPerson { Name = "Unknown" });
                foreach (var alert in g.Select(m => m.Item.AlertQuery).Distinct(StringComparer.Ordinal)) entry.Categories.Add(new SyndicationCategory(XmlSafeText.Clean(alert)));
                return entry;
            })
            .ToList();

        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = true, Async = false }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return Results.Text(output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/atom+xml; charset=utf-8");
    }

    private const string NotFoundPage = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Digest not found — PaperMail</title><link rel="stylesheet" href="/css/site.css"></head>
        <body><main><h1>This digest link does not work</h1><p>It may be mistyped or belong to an address that was removed.
        Your latest digest email has a working link; or <a href="/">subscribe again</a>.</p></main></body></html>
        """;
}
