namespace PaperMail.Core.Papers;

/// <summary>
/// A paper as PaperMail stores it: one row per arXiv id (without version), merged from every source that saw it.
/// </summary>
public sealed record Paper
{
    /// <summary>arXiv id without version (<c>2408.07055</c>, <c>astro-ph/0601001</c>), or a stable source-specific key.</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Abstract { get; init; } = "";
    /// <summary>Author names in byline order.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];
    public Organization? Organization { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    /// <summary>The day the paper was listed on Hugging Face Daily Papers, if it was.</summary>
    public DateOnly? ListedOn { get; init; }
    /// <summary>Latest known upvotes; null when no source has reported any.</summary>
    public int? Upvotes { get; init; }
    public string? GithubRepo { get; init; }
    public string? ProjectPage { get; init; }
    public string? AiSummary { get; init; }
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

/// <summary>An organization as Hugging Face names it: a slug (<c>google</c>) and a display name (<c>Google</c>).</summary>
public sealed record Organization(string Name, string? DisplayName);
