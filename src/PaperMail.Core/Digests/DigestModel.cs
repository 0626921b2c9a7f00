using PaperMail.Core.Papers;

namespace PaperMail.Core.Digests;

/// <summary>A run of text, highlighted when it holds a word that made the paper match.</summary>
public sealed record TextSegment(string Text, bool Highlighted);

/// <summary>
/// An alert as the reader knows it: its query in normalised form, or for a top alert its N and its filter (the query,
/// possibly empty).
/// </summary>
public sealed record DigestAlert(long Id, string Query, int? TopN = null)
{
    /// <summary>"LLM agents", "top 10 papers", "top 5 papers about multilingual".</summary>
    public string Label => TopN is not { } n ? Query : Query.Length == 0 ? $"top {n} papers" : $"top {n} papers about {Query}";
}

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
    string PdfUrl,
    TrendingReason? Trend = null);

/// <summary>What one digest email says; the templates only lay it out.</summary>
public sealed record DigestContent(
    string Subject,
    string Preheader,
    IReadOnlyList<DigestPaper> Papers,
    int MoreCount,
    IReadOnlyList<DigestAlert> Alerts);
