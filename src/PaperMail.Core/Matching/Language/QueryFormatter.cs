using System.Text;

namespace PaperMail.Core.Matching.Language;

/// <summary>
/// Prints a query tree in canonical form: fields lower case and on each term, phrases quoted, parentheses only
/// where precedence needs them. The parser builds flattened trees, so parsing this output prints it again unchanged.
/// </summary>
internal static class QueryFormatter
{
    public static string Format(QueryNode node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    public static string FormatTerm(TermNode term)
    {
        var prefix = term.Field switch
        {
            QueryField.Title => "title:",
            QueryField.Abstract => "abstract:",
            QueryField.Author => "author:",
            QueryField.Organization => "org:",
            _ => "",
        };
        return term.Quoted ? $"{prefix}\"{term.Text}\"" : prefix + term.Text;
    }

    private static void Append(StringBuilder text, QueryNode node)
    {
        switch (node)
        {
            case TermNode term:
                text.Append(FormatTerm(term));
                break;
            case NotNode not:
                text.Append('-');
                AppendGrouped(text, not.Excluded, group: not.Excluded is not TermNode);
                break;
            case AndNode and:
                for (int i = 0; i < and.Children.Count; i++)
                {
                    if (i > 0) text.Append(' ');
                    AppendGrouped(text, and.Children[i], group: and.Children[i] is OrNode);
                }
                break;
            case OrNode or:
                for (int i = 0; i < or.Alternatives.Count; i++)
                {
                    if (i > 0) text.Append(" OR ");
                    Append(text, or.Alternatives[i]);
                }
                break;
        }
    }

    private static void AppendGrouped(StringBuilder text, QueryNode node, bool group)
    {
        if (group) text.Append('(');
        Append(text, node);
        if (group) text.Append(')');
    }
}
