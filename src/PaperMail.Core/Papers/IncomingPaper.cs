namespace PaperMail.Core.Papers;

/// <summary>
/// What one source item says about a paper. Null means "this source does not know", so a merge keeps the stored value.
/// </summary>
public sealed record IncomingPaper : PaperFields
{
    public string? Abstract { get; init; }
    /// <summary>Null when the source has no author list; empty is treated the same way.</summary>
    public IReadOnlyList<string>? Authors { get; init; }
    public IReadOnlyList<string>? AiKeywords { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    /// <summary>
    /// True for items that revise a paper announced earlier (arXiv RSS <c>replace</c>): they may refresh a stored
    /// paper but never create one, so an old paper never looks new.
    /// </summary>
    public bool UpdateOnly { get; init; }
}
