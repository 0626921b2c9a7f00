using Microsoft.AspNetCore.Http.HttpResults;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Semantic;

/// <summary>
/// <c>GET /api/preview/similar?description=…&amp;examples=…&amp;threshold=…&amp;q=…&amp;minUpvotes=…</c>: the recent papers a
/// similar-papers alert would catch, closest first, for the form's live preview.
/// </summary>
public static class SimilarPreviewApi
{
    public sealed record SimilarItem(string Id, string Title, IReadOnlyList<string> Authors, int? Upvotes, string Url, double Similarity, string Reason);

    /// <summary>The thresholds a new alert starts with, by kind: the form's slider follows them until it is moved.</summary>
    public sealed record ThresholdDefaults(double Description, double Examples);

    public sealed record SimilarResponse(int Total, int Window, int Embedded, double Threshold, IReadOnlyList<SimilarItem> Papers, ThresholdDefaults Defaults);

    public static RouteHandlerBuilder MapSimilarPreviewApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/preview/similar", PreviewAsync).RequireRateLimiting(RateLimiting.PreviewPolicy);

    private static async Task<Results<Ok<SimilarResponse>, ProblemHttpResult>> PreviewAsync(
        string? description, string? examples, string? threshold, string? q, string? minUpvotes,
        SimilarPreviewService preview, IPaperStore papers, IOptions<SemanticOptions> options, CancellationToken ct)
    {
        var input = new AlertInput(AlertKinds.Similar, q, minUpvotes, null, description, examples, threshold).Validate(AlertRules.For(options.Value));
        if (input.Alert is not { Similar: { } alert } valid)
        {
            var similarErrors = new[] { "Description", "Examples", "Threshold" }.Where(input.Errors.ContainsKey).Select(f => input.Errors[f]).ToList();
            return similarErrors.Count > 0
                ? TypedResults.Problem(string.Join(" ", similarErrors), statusCode: 400, title: "Invalid similar-papers alert")
                : TypedResults.Problem(input.FirstError, statusCode: 400, title: "Invalid filter");
        }
        if (await SimilarAlertInput.UnknownExamplesAsync(alert, papers, ct) is { } message) return TypedResults.Problem(message, statusCode: 400, title: "Unknown example paper");
        var (filter, min) = (valid.Query, valid.MinUpvotes);
        var result = await preview.PreviewAsync(alert, filter, min, ct);
        if (result is null) return TypedResults.Problem("Nothing to compare with yet.", statusCode: 400, title: "Empty alert");
        return TypedResults.Ok(new SimilarResponse(result.Total, result.Window, result.Embedded, alert.Threshold, [.. result.Papers.Select(p => new SimilarItem(
            p.Paper.Id, p.Paper.Title, p.Paper.Authors, p.Paper.Upvotes, Papers.PaperDisplay.PaperLink(p.Paper.Id), Math.Round(p.Similarity, 3), p.Reason))],
            new ThresholdDefaults(options.Value.DefaultThreshold, options.Value.ExamplesDefaultThreshold)));
    }
}
