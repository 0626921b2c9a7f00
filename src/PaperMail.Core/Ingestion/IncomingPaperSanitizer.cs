using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion;

/// <summary>
/// The last check on what a feed says before it is stored: text loses characters XML cannot carry, and a link
/// (<c>githubRepo</c>, <c>projectPage</c>) that is not an absolute http(s) URL is dropped, with the reason.
/// </summary>
public static class IncomingPaperSanitizer
{
    public static IncomingPaper Clean(IncomingPaper paper, ICollection<string> dropped)
    {
        var repo = HttpUrlOrNull(paper.GithubRepo, "githubRepo", paper.Id, dropped);
        var page = HttpUrlOrNull(paper.ProjectPage, "projectPage", paper.Id, dropped);
        return paper with
        {
            Title = XmlSafeText.Clean(paper.Title),
            Abstract = XmlSafeText.CleanOrNull(paper.Abstract),
            Authors = CleanList(paper.Authors),
            Organization = paper.Organization is { } o ? new Organization(XmlSafeText.Clean(o.Name), XmlSafeText.CleanOrNull(o.DisplayName)) : null,
            GithubRepo = repo,
            ProjectPage = page,
            AiSummary = XmlSafeText.CleanOrNull(paper.AiSummary),
            AiKeywords = CleanList(paper.AiKeywords),
            Categories = CleanList(paper.Categories),
        };
    }

    /// <summary>An absolute http or https URL, or null (with the reason added to <paramref name="dropped"/>).</summary>
    public static string? HttpUrlOrNull(string? url, string field, string paperId, ICollection<string> dropped)
    {
        if (url is null) return null;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && XmlSafeText.IsClean(url))
        {
            return url;
        }
        var scheme = uri?.Scheme ?? "none";
        dropped.Add($"{paperId}: {field} dropped: not an absolute http(s) URL (scheme {XmlSafeText.Clean(scheme)})");
        return null;
    }

    private static IReadOnlyList<string>? CleanList(IReadOnlyList<string>? items) =>
        items is null || items.All(XmlSafeText.IsClean) ? items : [.. items.Select(XmlSafeText.Clean)];
}
