namespace PaperMail.Core.Papers;

/// <summary>
/// A paper as PaperMail stores it: one row per arXiv id (without version), merged from every source that saw it.
/// </summary>
public sealed record Paper : PaperFields
{
    public string Abstract { get; init; } = "";
    /// <summary>Author names in byline order.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];
    public IReadOnlyList<string> AiKeywords { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Names of the configured sources that have seen this paper.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
    public DateTimeOffset FirstSeenAt { get; init; }
    /// <summary>Moves only when a matchable field (title, abstract, authors, organization, upvotes) changes.</summary>
    public DateTimeOffset ChangedAt { get; init; }
    /// <summary>Monotonic store-wide sequence of the last matchable change; jobs keep watermarks on it.</summary>
    public long ChangeSeq { get; init; }
}
