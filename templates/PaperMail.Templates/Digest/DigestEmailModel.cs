using PaperMail.Core.Digests;

namespace PaperMail.Templates.Digest;

/// <summary>Everything a digest email (and its web view) shows.</summary>
/// <remarks>
/// A class, not a record: a record's <c>with</c> would copy <see cref="Papers"/>, formatted from the old content.
/// </remarks>
public sealed class DigestEmailModel(
    DigestContent content,
    string email,
    string frequency,
    string manageUrl,
    string unsubscribeUrl,
    string webUrl,
    string? feedUrl,
    string? operatorFooter,
    string? browseUrl = null)
{
    private IReadOnlyList<DigestPaperLines>? _papers;

    public DigestContent Content { get; } = content;
    public string Email { get; } = email;
    public string Frequency { get; } = frequency;
    public string ManageUrl { get; } = manageUrl;
    public string UnsubscribeUrl { get; } = unsubscribeUrl;
    public string WebUrl { get; } = webUrl;
    public string? FeedUrl { get; } = feedUrl;
    public string? OperatorFooter { get; } = operatorFooter;

    /// <summary>The public <c>/papers</c> page; worked out from the manage link when not given (both live at the site's root).</summary>
    public string BrowseUrl { get; } = browseUrl ?? BrowseUrlFrom(manageUrl);

    /// <summary>The papers with their printed lines, formatted on first use and shared by the HTML and text templates.</summary>
    public IReadOnlyList<DigestPaperLines> Papers => _papers ??= Content.Papers.Select(DigestPaperLines.For).ToArray();

    /// <summary>
    /// The papers' blocks as rendered already (<see cref="DigestPaperBlocks"/>), one per paper of <see cref="Papers"/>,
    /// for an email; where this is null, or holds null for a paper, the templates write the paper themselves.
    /// </summary>
    public IReadOnlyList<RenderedPaper?>? RenderedPapers { get; set; }

    private static string BrowseUrlFrom(string manageUrl)
    {
        var at = manageUrl.IndexOf("/manage/", StringComparison.Ordinal);
        if (at < 0) at = manageUrl.IndexOf("/digests/", StringComparison.Ordinal);
        return at < 0 ? "/papers" : manageUrl[..at] + "/papers";
    }
}
