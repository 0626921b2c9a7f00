namespace PaperMail.Core.Matching.Language;

/// <summary>A node of a parsed query. Nodes are immutable; <see cref="ParsedQuery.Normalized"/> prints them.</summary>
public abstract record QueryNode;

/// <summary>
/// A word or phrase in one field. <see cref="Tokens"/> is the analysed form; more than one token means the
/// tokens must be adjacent and in order (a quoted phrase, or a bare word like <c>long-context</c>).
/// </summary>
/// <param name="Text">The term as the user wrote it (phrase text without quotes, whitespace collapsed).</param>
/// <param name="Quoted">Whether the user wrote it in double quotes.</param>
public sealed record TermNode(QueryField Field, string Text, bool Quoted, IReadOnlyList<string> Tokens) : QueryNode
{
    /// <summary>The term as shown in normalised queries and match explanations, e.g. <c>title:"long context"</c>.</summary>
    public string Label => QueryFormatter.FormatTerm(this);
}

/// <summary>All children must hold (children may be <see cref="NotNode"/>; at least one is not).</summary>
public sealed record AndNode(IReadOnlyList<QueryNode> Children) : QueryNode;

/// <summary>At least one alternative must hold.</summary>
public sealed record OrNode(IReadOnlyList<QueryNode> Alternatives) : QueryNode;

/// <summary>An exclusion: the paper must not match <see cref="Excluded"/>.</summary>
public sealed record NotNode(QueryNode Excluded) : QueryNode;
