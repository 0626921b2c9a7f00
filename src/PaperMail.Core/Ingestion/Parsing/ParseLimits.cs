using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Sizes no real paper reaches. An item past one of them is broken or hostile data, so it is skipped rather than
/// stored, indexed and mailed.
/// </summary>
public static class ParseLimits
{
    /// <summary>Longest arXiv titles are a few hundred characters.</summary>
    public const int MaxTitleLength = 1_000;

    /// <summary>arXiv caps abstracts at 1,920 characters; HF summaries are the same text. Ten times that is absurd.</summary>
    public const int MaxAbstractLength = 20_000;

    /// <summary>The largest collaborations (ATLAS, CMS) list about 3,000 authors on arXiv, but never in these feeds'
    /// author fields; 2,000 keeps those out of digests and keeps hostile lists bounded.</summary>
    public const int MaxAuthors = 2_000;

    /// <summary>A name, not a paragraph.</summary>
    public const int MaxAuthorNameLength = 300;

    /// <summary>
    /// What a compressed document may expand to. The whole Hugging Face corpus (9,577 entries) is 49 MB: five times
    /// that is no feed, but a decompression bomb.
    /// </summary>
    public const long MaxDecompressedBytes = 256L * 1024 * 1024;

    /// <summary>A JSON-lines line (one entry) longer than this is skipped unread; the longest real entry is 55,000 characters.</summary>
    public const int MaxLineChars = 1_000_000;

    /// <summary>Papers one document may hold; the rest are ignored (the whole corpus, 9,577 entries, fits five times).</summary>
    public const int MaxItemsPerDocument = 50_000;

    /// <summary>The first limit the paper breaks, as a reason for the log; null when it is within all of them.</summary>
    public static string? FindViolation(IncomingPaper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        if (paper.Title.Length > MaxTitleLength)
        {
            return $"title is {paper.Title.Length:N0} characters (limit {MaxTitleLength:N0})";
        }

        if (paper.Abstract is { Length: > MaxAbstractLength } text)
        {
            return $"abstract is {text.Length:N0} characters (limit {MaxAbstractLength:N0})";
        }

        if (paper.Authors is { Count: > MaxAuthors } authors)
        {
            return $"{authors.Count:N0} authors (limit {MaxAuthors:N0})";
        }

        if (paper.Authors?.FirstOrDefault(name => name.Length > MaxAuthorNameLength) is { } longName)
        {
            return $"an author name is {longName.Length:N0} characters (limit {MaxAuthorNameLength:N0})";
        }

        return null;
    }
}
