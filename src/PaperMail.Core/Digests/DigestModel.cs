using PaperMail.Core.Papers;

namespace PaperMail.Core.Digests;

/// <summary>A run of text, highlighted when it holds a word that made the paper match.</summary>
public sealed record TextSegment(string Text, bool Highlighted);

/// <summary>An alert as the reader knows it: its query in normalised form.</summary>
public sealed record DigestAlert(long Id, string Query);

/// <summary>One paper of a digest, with every alert it matched and the words that matched.</summary>
public sealed record DigestPaper(
    Paper Paper,
    IReadOnlyList<DigestAlert> Alerts,
    IReadOnlyList<string> MatchedTerms,
    double Relevance,
    IReadOnlyList<TextSegment> Title,
    IReadOnlyList<TextSegment> Excerpt,
    string AuthorLine,
    string PageUrl,
    string PdfUrl);

/// <summary>What one digest email says; the templates only lay it out.</summary>
public sealed record DigestContent(
    string Subject,
    string Preheader,
    IReadOnlyList<DigestPaper> Papers,
    int MoreCount,
    IReadOnlyList<DigestAlert> Alerts);
