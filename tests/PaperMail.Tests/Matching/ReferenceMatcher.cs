using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Tests.Matching;

/// <summary>
/// A deliberately naive second implementation of matching (walks the query tree over token strings), used only
/// as an oracle for the compiled evaluator.
/// </summary>
internal static class ReferenceMatcher
{
    public static bool Matches(QueryNode node, MatchablePaper paper) => node switch
    {
        TermNode term => ValuesOf(term.Field, paper).Any(value => ContainsSequence(value, term.Tokens)),
        AndNode and => and.Children.All(c => Matches(c, paper)),
        OrNode or => or.Alternatives.Any(a => Matches(a, paper)),
        NotNode not => !Matches(not.Excluded, paper),
        _ => throw new ArgumentException(node.ToString()),
    };

    private static IEnumerable<string[]> ValuesOf(QueryField field, MatchablePaper paper) => field switch
    {
        QueryField.Title => [paper.Title],
        QueryField.Abstract => [paper.Abstract],
        QueryField.Author => paper.Authors,
        QueryField.Organization => paper.Organization,
        _ => [paper.Title, paper.Abstract],
    };

    private static bool ContainsSequence(string[] value, IReadOnlyList<string> tokens)
    {
        for (int start = 0; start + tokens.Count <= value.Length; start++)
        {
            int k = 0;
            while (k < tokens.Count && value[start + k] == tokens[k]) k++;
            if (k == tokens.Count) return true;
        }
        return false;
    }
}
