using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Trending;

/// <summary>
/// What a top alert asks for: its N, and optionally a query the papers must match and a minimum of upvotes.
/// </summary>
public sealed record TrendingFilter(int TopN, ParsedQuery? Query, int? MinUpvotes)
{
    public static readonly int[] TopNChoices = [5, 10, 20];

    public const int DefaultTopN = 10;
}

/// <summary>A paper a top alert picked, with its rank among all the window's papers.</summary>
public sealed record TrendingPick(RankedPaper Ranked, QueryMatch? Match);

/// <summary>
/// Picks a top alert's papers from a ranked window: walking down the ranking, the first N that pass the minimum of
/// upvotes and match the query (evaluated by <see cref="QueryEvaluator"/>, as every preview and match is). The digest
/// planner and the preview both call this, so they cannot disagree. The rank shown stays the paper's rank among all the
/// window's papers ("#3 of the day"), filter or not.
/// </summary>
public static class TrendingSelection
{
    public static IReadOnlyList<TrendingPick> Select(IReadOnlyList<RankedPaper> ranked, TrendingFilter filter, Func<RankedPaper, MatchablePaper> analysed)
    {
        var picks = new List<TrendingPick>(filter.TopN);
        foreach (var candidate in ranked)
        {
            if (picks.Count == filter.TopN) break;
            if (filter.MinUpvotes is { } min && candidate.Upvotes < min) continue;
            if (filter.Query is null)
            {
                picks.Add(new TrendingPick(candidate, null));
                continue;
            }
            if (QueryEvaluator.Evaluate(filter.Query, analysed(candidate)) is { } match) picks.Add(new TrendingPick(candidate, match));
        }
        return picks;
    }

    /// <summary>Analyses each paper once however many alerts look at it (a window's papers are shared by all alerts).</summary>
    public static Func<RankedPaper, MatchablePaper> AnalysedOnce()
    {
        var cache = new Dictionary<string, MatchablePaper>(StringComparer.Ordinal);
        return r =>
        {
            if (!cache.TryGetValue(r.Paper.Id, out var m)) cache[r.Paper.Id] = m = MatchablePaper.From(r.Paper);
            return m;
        };
    }
}
