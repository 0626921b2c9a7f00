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
    string? OperatorFooter);
