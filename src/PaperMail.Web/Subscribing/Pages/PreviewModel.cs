using PaperMail.Core.Matching.Preview;
using PaperMail.Core.Trending;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>
/// A server-side preview for the no-JavaScript form: the matches of a query alert, the picks of a top alert
/// (<paramref name="Top"/>, described by <paramref name="TopLabel"/>), or why the alert was refused.
/// </summary>
public sealed record PreviewModel(string? Normalized, PreviewResult? Result, string? Error, TopPreview? Top = null, string? TopLabel = null)
{
    /// <summary>For a similar-papers alert: the recent papers it would catch, best first.</summary>
    public PaperMail.Core.Semantic.SimilarPreview? Similar { get; init; }
}
