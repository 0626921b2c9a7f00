namespace PaperMail.Core.Papers;

/// <summary>
/// A paper's fields that mean the same in what a source says (<see cref="IncomingPaper"/>, where null is "this source
/// does not know") and in what PaperMail stores (<see cref="Paper"/>, where null is "no source has said"). The text and
/// list fields are declared by each of the two, because only a stored paper has them always (empty, never null).
/// </summary>
public abstract record PaperFields
{
    /// <summary>arXiv id without version (<c>2408.07055</c>, <c>astro-ph/0601001</c>), or a stable source-specific key (see <see cref="ArxivId"/>).</summary>
    public required string Id { get; init; }
    /// <summary>Whitespace already collapsed.</summary>
    public required string Title { get; init; }
    public Organization? Organization { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    /// <summary>The day the paper was listed on Hugging Face Daily Papers, if it was.</summary>
    public DateOnly? ListedOn { get; init; }
    /// <summary>Latest known upvotes.</summary>
    public int? Upvotes { get; init; }
    public string? GithubRepo { get; init; }
    public string? ProjectPage { get; init; }
    public string? AiSummary { get; init; }
}

/// <summary>An organization as Hugging Face names it: a slug (<c>google</c>) and a display name (<c>Google</c>).</summary>
public sealed record Organization(string Name, string? DisplayName);
