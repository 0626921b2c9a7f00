using Microsoft.AspNetCore.Http.HttpResults;
using PaperMail.Core.Matching;
using PaperMail.Core.Matching.Preview;
using PaperMail.Core.Papers;

namespace PaperMail.Web.Matching;

/// <summary><c>GET /api/preview?q=…&amp;minUpvotes=…</c>: the recent papers a query matches, for the form's live preview.</summary>
public static class PreviewApi
{
    public sealed record PreviewHit(string Term, string Fields);

    public sealed record PreviewItem(
        string Id, string Title, IReadOnlyList<string> Authors, string? Organization, int? Upvotes,
        DateTimeOffset? PublishedAt, DateOnly? ListedOn, string Url, double Score, IReadOnlyList<PreviewHit> Hits);

    public sealed record PreviewResponse(string Query, int Total, int Window, IReadOnlyList<PreviewItem> Papers);

    public static RouteHandlerBuilder MapPreviewApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/preview", PreviewAsync).RequireRateLimiting(Subscribing.RateLimiting.PreviewPolicy);

    private static async Task<Results<Ok<PreviewResponse>, ProblemHttpResult>> PreviewAsync(
        string? q, string? minUpvotes, PreviewService preview, CancellationToken ct)
    {
        int? min = null;
        if (!string.IsNullOrWhiteSpace(minUpvotes))
        {
            if (!int.TryParse(minUpvotes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value > 1_000_000)
            {
                return TypedResults.Problem("Minimum upvotes must be a whole number from 0 to 1,000,000.", statusCode: 400, title: "Invalid minimum upvotes");
            }
            min = value;
        }
        var parsed = QueryParser.Parse(q);
        if (parsed.Query is not { } query)
        {
            return TypedResults.Problem(parsed.Error!.ToString(), statusCode: 400, title: "Invalid query",
                extensions: new Dictionary<string, object?> { ["column"] = parsed.Error.Column });
        }
        var result = await preview.PreviewAsync(query, min, ct);
        return TypedResults.Ok(new PreviewResponse(query.Normalized, result.Total, result.Window, [.. result.Papers.Select(p => new PreviewItem(
            p.Paper.Id, p.Paper.Title, p.Paper.Authors, p.Paper.Organization?.DisplayName ?? p.Paper.Organization?.Name,
            p.Paper.Upvotes, p.Paper.PublishedAt, p.Paper.ListedOn, PaperLinks.PageUrl(p.Paper), p.Match.Score,
            [.. p.Match.Hits.Select(h => new PreviewHit(h.Term, h.Fields.ToString()))]))]));
    }
}
