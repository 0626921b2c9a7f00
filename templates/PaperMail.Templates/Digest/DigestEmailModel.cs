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
    string? operatorFooter)
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

    /// <summary>The papers with their printed lines, formatted on first use and shared by the HTML and text templates.</summary>
    public IReadOnlyList<DigestPaperLines> Papers => _papers ??= Content.Papers.Select(DigestPaperLines.For).ToArray();
}
