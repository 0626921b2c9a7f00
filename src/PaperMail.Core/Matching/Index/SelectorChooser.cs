using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Index;

/// <summary>A word (or <see cref="Bigram"/>) that must occur in one field, as the index sees it.</summary>
internal readonly record struct RequiredWord(string Token, QueryField Field);

/// <summary>
/// One way a paper can match an alert: it must hold <see cref="Key"/> (the posting the alert is filed under),
/// <see cref="Check"/> and <see cref="Check2"/> (further required words, tested from the posting before the
/// alert's query is read; repeating the key when the route has fewer words). <see cref="Exact"/>: the query is
/// just these words ANDed, so passing the checks is matching and the query need not be evaluated.
/// </summary>
internal readonly record struct IndexRoute(RequiredWord Key, RequiredWord Check, RequiredWord Check2, bool Exact);

/// <summary>
/// Picks how an alert is indexed: a set of routes such that every paper the query matches contains the key and
/// check words of at least one route (so a paper satisfying no route need not be verified).
/// A route is a conjunction of required words: a term requires all its words; AND requires the words of its
/// single-route children, or, when that is costlier, one route per alternative of its cheapest OR child (each
/// extended with those words); OR needs one route per alternative; NOT contributes nothing.
/// The key is a route's rarest word; the check its rarest other word, which makes e.g.
/// <c>"long context" multilingual</c> reach verification only for papers holding both <c>multilingu</c> and <c>context</c>.
/// </summary>
internal static class SelectorChooser
{
    /// <summary>Routes, or null when the node cannot be indexed (only exclusions).</summary>
    public static List<IndexRoute>? Choose(QueryNode node, DocumentFrequencies frequencies)
    {
        var routes = RoutesOf(node, frequencies);
        if (routes is null) return null;
        var result = new List<IndexRoute>(routes.Count);
        foreach (var route in routes)
        {
            var key = Rarest(route, frequencies, except: [])!.Value;
            var check = Rarest(route, frequencies, except: [key.Token]) ?? key;
            var check2 = Rarest(route, frequencies, except: [key.Token, check.Token]) ?? check;
            var indexRoute = new IndexRoute(key, check, check2, IsExact(node, route));
            if (!result.Contains(indexRoute)) result.Add(indexRoute);
        }
        return result;
    }

    /// <summary>Whether the query is only the route's words ANDed, all single words checked by the posting.</summary>
    private static bool IsExact(QueryNode node, List<RequiredWord> route)
    {
        // A word or a two-word phrase is exactly one required word (a bigram for the phrase).
        bool singleWords = node switch
        {
            TermNode term => term.Tokens.Count <= 2,
            AndNode and => and.Children.All(c => c is TermNode { Tokens.Count: <= 2 }),
            _ => false,
        };
        // At most three words, no word in two fields (the checks test one field per distinct word).
        return singleWords && route.Count <= 3 && route.Select(w => w.Token).Distinct().Count() == route.Count;
    }

    private static List<List<RequiredWord>>? RoutesOf(QueryNode node, DocumentFrequencies frequencies)
    {
        switch (node)
        {
            case TermNode term:
                return [[.. RequiredWordsOf(term)]];
            case OrNode or:
                var all = new List<List<RequiredWord>>();
                foreach (var alternative in or.Alternatives)
                {
                    if (RoutesOf(alternative, frequencies) is not { } routes) return null;
                    all.AddRange(routes);
                }
                return all;
            case AndNode and:
                var required = new List<RequiredWord>();
                List<List<RequiredWord>>? cheapestGroup = null;
                long cheapestGroupCost = long.MaxValue;
                foreach (var child in and.Children)
                {
                    if (child is NotNode || RoutesOf(child, frequencies) is not { } routes) continue;
                    if (routes.Count == 1)
                    {
                        foreach (var word in routes[0])
                            if (!required.Contains(word)) required.Add(word);
                        continue;
                    }
                    long cost = CostOf(routes, frequencies);
                    if (cost < cheapestGroupCost) (cheapestGroup, cheapestGroupCost) = (routes, cost);
                }
                if (cheapestGroup is null) return required.Count == 0 ? null : [required];
                // The alternatives' routes, each also requiring the AND's single words (a tighter check).
                var extended = cheapestGroup.Select(r => r.Concat(required.Where(w => !r.Contains(w))).ToList()).ToList();
                return required.Count > 0 && CostOf([required], frequencies) <= CostOf(extended, frequencies) ? [required] : extended;
            default:
                return null;
        }
    }

    /// <summary>
    /// A word requires itself; a phrase requires each pair of adjacent words (<see cref="Bigram"/>), which implies the
    /// words and is far more selective: most papers mentioning "reward" and "model" never say "reward model".
    /// </summary>
    private static IEnumerable<RequiredWord> RequiredWordsOf(TermNode term) => term.Tokens.Count == 1
        ? [new RequiredWord(term.Tokens[0], term.Field)]
        : term.Tokens.Zip(term.Tokens.Skip(1), Bigram.Of).Distinct().Select(pair => new RequiredWord(pair, term.Field));

    /// <summary>Postings a paper scans for these routes: the frequency of each route's key.</summary>
    private static long CostOf(List<List<RequiredWord>> routes, DocumentFrequencies frequencies)
    {
        long total = 0;
        foreach (var route in routes) total += CostOf(Rarest(route, frequencies, except: [])!.Value.Token, frequencies);
        return total;
    }

    private static RequiredWord? Rarest(List<RequiredWord> route, DocumentFrequencies frequencies, string[] except)
    {
        RequiredWord? best = null;
        long bestCost = long.MaxValue;
        foreach (var word in route)
        {
            if (except.Contains(word.Token)) continue;
            long cost = CostOf(word.Token, frequencies);
            // Between equally rare words, the narrower field rejects more papers.
            if (cost < bestCost || (cost == bestCost && word.Field != QueryField.TitleOrAbstract))
                (best, bestCost) = (word, cost);
        }
        return best;
    }

    // Document frequency first; among equally frequent (e.g. unseen) words, longer ones are usually rarer.
    private static long CostOf(string token, DocumentFrequencies frequencies) =>
        (long)frequencies.Of(token) * 64 + (63 - Math.Min(token.Length, 63));
}
