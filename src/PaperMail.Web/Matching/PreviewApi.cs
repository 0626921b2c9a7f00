using Microsoft.AspNetCore.Http.HttpResults;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Matching.Preview;
using PaperMail.Core.Papers;
using PaperMail.Core.Subscriptions;
using PaperMail.Core.Trending;

namespace PaperMail.Web.Matching;

/// <summary><c>GET /api/preview?q=…&amp;minUpvotes=…</c>: the recent papers a query matches, for the form's live preview.</summary>
public static class PreviewApi
{
    public sealed record PreviewHit(string Term, string Fields);

    public sealed record PreviewItem(
        string Id, string Title, IReadOnlyList<string> Authors, string? Organization, int? Upvotes,
        DateTimeOffset? PublishedAt, DateOnly? ListedOn, string Url, double Score, IReadOnlyList<PreviewHit> Hits, int? Rank = null);

    /// <summary>For a top alert (<c>kind=top</c>), <paramref name="Summary"/> says what the picks are and each paper has its rank.</summary>
    public sealed record PreviewResponse(string Query, int Total, int Window, IReadOnlyList<PreviewItem> Papers, string? Summary = null);

    /// <summary>Similar-papers alerts have their own preview, <c>/api/preview/similar</c>.</summary>
    private static readonly AlertRules NoSimilar = new(SimilarRefused: AlertInput.KindMessage);

    public static RouteHandlerBuilder MapPreviewApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/preview", PreviewAsync).RequireRateLimiting(RateLimiting.PreviewPolicy);

    private static async Task<Results<Ok<PreviewResponse>, ProblemHttpResult>> PreviewAsync(
        string? q, string? minUpvotes, string? kind, string? n, string? period, PreviewService preview, TrendingBrowser trending, CancellationToken ct)
    {
        // The alert rules of the form, reported one at a time; a query error keeps the parser's column.
        var input = new AlertInput(kind, q, minUpvotes, n).Validate(NoSimilar);
        if (input.Errors.TryGetValue("MinUpvotes", out var minError)) return TypedResults.Problem(minError, statusCode: 400, title: "Invalid minimum upvotes");
        if (input.Errors.TryGetValue("TopN", out var kindError)) return TypedResults.Problem(kindError, statusCode: 400, title: "Invalid alert kind");
        if (input.Alert is not { } alert)
        {
            return TypedResults.Problem(input.QueryError?.ToString() ?? input.FirstError, statusCode: 400, title: "Invalid query",
                extensions: new Dictionary<string, object?> { ["column"] = input.QueryError?.Column });
        }
        if (alert.TopN is { } top) return TypedResults.Ok(await PreviewTopAsync(trending, top, alert.Query, alert.MinUpvotes, period, ct));
        var (query, min) = (alert.Query!, alert.MinUpvotes);
        var result = await preview.PreviewAsync(query, min, ct);
        return TypedResults.Ok(new PreviewResponse(query.Normalized, result.Total, result.Window, [.. result.Papers.Select(p => new PreviewItem(
            p.Paper.Id, p.Paper.Title, p.Paper.Authors, p.Paper.Organization?.DisplayName ?? p.Paper.Organization?.Name,
            p.Paper.Upvotes, p.Paper.PublishedAt, p.Paper.ListedOn, PaperLinks.PageUrl(p.Paper), p.Match.Score,
            [.. p.Match.Hits.Select(h => new PreviewHit(h.Term, h.Fields.ToString()))]))]));
    }

    /// <summary>What a top alert would pick now, by the same ranking and selection as its digest.</summary>
    private static async Task<PreviewResponse> PreviewTopAsync(TrendingBrowser trending, int topN, ParsedQuery? query, int? min, string? period, CancellationToken ct)
    {
        var weekly = period != "daily";
        var picks = await trending.PreviewTopAsync(new TrendingFilter(topN, query, min), weekly, ct);
        var label = AlertKinds.Describe(query?.Normalized ?? "", topN, weekly ? DigestFrequency.Weekly : DigestFrequency.Daily);
        if (picks is null) return new PreviewResponse(query?.Normalized ?? "", 0, 0, [], $"No paper yet for {label}.");
        var summary = $"Your digest would hold {label}: from the {picks.WindowCount} papers of the {picks.Window.Noun} ending {picks.Window.To:yyyy-MM-dd}, these {picks.Picks.Count}.";
        return new PreviewResponse(query?.Normalized ?? "", picks.Picks.Count, picks.WindowCount, [.. picks.Picks.Select(p => new PreviewItem(
            p.Ranked.Paper.Id, p.Ranked.Paper.Title, p.Ranked.Paper.Authors, p.Ranked.Paper.Organization?.DisplayName ?? p.Ranked.Paper.Organization?.Name,
            p.Ranked.Paper.Upvotes, p.Ranked.Paper.PublishedAt, p.Ranked.Paper.ListedOn, PaperLinks.PageUrl(p.Ranked.Paper), p.Match?.Score ?? 0,
            [.. (p.Match?.Hits ?? []).Select(h => new PreviewHit(h.Term, h.Fields.ToString()))], p.Ranked.Rank))], summary);
    }
}
