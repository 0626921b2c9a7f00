using PaperMail.Core.Digests;

namespace PaperMail.Templates.Digest;

/// <summary>Everything a digest email (and its web view) shows.</summary>
public sealed record DigestEmailModel(
    DigestContent Content,
    string Email,
    string Frequency,
    string ManageUrl,
    string UnsubscribeUrl,
    string WebUrl,
    string? FeedUrl,
    string? OperatorFooter)
{
    private IReadOnlyList<DigestPaperLines>? _papers;

    /// <summary>The papers with their printed lines, formatted on first use and shared by the HTML and text templates.</summary>
    public IReadOnlyList<DigestPaperLines> Papers => _papers ??= Content.Papers.Select(DigestPaperLines.For).ToArray();
}
