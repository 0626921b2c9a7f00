namespace PaperMail.Core.Matching.Language;

/// <summary>A successfully parsed query: the tree to match and its normalised text for display and storage.</summary>
public sealed class ParsedQuery
{
    internal ParsedQuery(string text, QueryNode root)
    {
        Text = text;
        Root = root;
        Normalized = QueryFormatter.Format(root);
    }

    /// <summary>The query as the user typed it.</summary>
    public string Text { get; }
    public QueryNode Root { get; }
    /// <summary>Canonical text: fields lower case, phrases quoted, redundant parentheses removed. Re-parsing it gives the same text.</summary>
    public string Normalized { get; }

    public override string ToString() => Normalized;
}
