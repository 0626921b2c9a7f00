namespace PaperMail.Core.Matching;

/// <summary>
/// Picks the terms an alert is indexed under: a set of tokens such that every paper the query matches contains
/// at least one of them (a paper lacking all of them cannot match, so it need not be verified).
/// AND: the cheapest required child. OR: every alternative's selectors. Phrase: its rarest word. NOT: nothing.
/// </summary>
internal static class SelectorChooser
{
    /// <summary>Selector tokens, or null when the node cannot be indexed (only exclusions).</summary>
    public static List<string>? Choose(QueryNode node, DocumentFrequencies frequencies) =>
        Select(node, frequencies)?.Tokens;

    private sealed record Selection(long Cost, List<string> Tokens);

    private static Selection? Select(QueryNode node, DocumentFrequencies frequencies)
    {
        switch (node)
        {
            case TermNode term:
                string best = term.Tokens[0];
                long bestCost = CostOf(best, frequencies);
                foreach (var token in term.Tokens)
                {
                    long cost = CostOf(token, frequencies);
                    if (cost < bestCost) (best, bestCost) = (token, cost);
                }
                return new Selection(bestCost, [best]);
            case AndNode and:
                Selection? cheapest = null;
                foreach (var child in and.Children)
                {
                    if (child is NotNode) continue;
                    if (Select(child, frequencies) is { } selection && (cheapest is null || selection.Cost < cheapest.Cost))
                        cheapest = selection;
                }
                return cheapest;
            case OrNode or:
                var tokens = new List<string>();
                long total = 0;
                foreach (var alternative in or.Alternatives)
                {
                    if (Select(alternative, frequencies) is not { } selection) return null;
                    total += selection.Cost;
                    foreach (var token in selection.Tokens)
                        if (!tokens.Contains(token)) tokens.Add(token);
                }
                return new Selection(total, tokens);
            default:
                return null;
        }
    }

    // Document frequency first; among equally frequent (e.g. unseen) words, longer ones are usually rarer.
    private static long CostOf(string token, DocumentFrequencies frequencies) =>
        (long)frequencies.Of(token) * 64 + (63 - Math.Min(token.Length, 63));
}
