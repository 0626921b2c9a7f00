using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Trending;

/// <summary>One paper of a listing, with its rank in the window and, when a query was given, why it matched.</summary>
public sealed record ListedPaper(RankedPaper Ranked, QueryMatch? Match);

/// <summary>
/// A window's papers as <c>/papers</c> shows them: ranked, optionally narrowed by a query. <paramref name="WindowCount"/>
/// counts all the window's papers; <paramref name="Previous"/> and <paramref name="Next"/> are the last day of the
/// neighbouring windows that hold papers.
/// </summary>
public sealed record ListingPage(TrendingWindow Window, IReadOnlyList<ListedPaper> Papers, int WindowCount, DateOnly? Previous, DateOnly? Next);

/// <summary>What a top alert would pick from the latest window that holds papers.</summary>
public sealed record TopPreview(TrendingWindow Window, int WindowCount, IReadOnlyList<TrendingPick> Picks);

/// <summary>
/// Reads and ranks a window of papers for the browse pages and the top-alert preview, with the ranking and selection the
/// digest planner uses (<see cref="TrendingRanking"/>, <see cref="TrendingSelection"/>).
/// </summary>
public sealed class TrendingBrowser(ITrendingStore store)
{
    /// <summary>
    /// The papers of <paramref name="lastDay"/> (or of the seven days ending with it), or of the latest day that holds
    /// papers when it is null; null when the store holds no paper.
    /// </summary>
    public async Task<ListingPage?> ListAsync(DateOnly? lastDay, bool week, ParsedQuery? query, CancellationToken ct)
    {
        if ((lastDay ?? await store.GetLatestDayAsync(null, ct)) is not { } last) return null;
        var window = week ? TrendingWindow.WeekEnding(last) : TrendingWindow.Day(last);
        var ranked = TrendingRanking.Rank(await store.GetListedAsync(window, ct));
        var papers = query is null
            ? ranked.Select(r => new ListedPaper(r, null)).ToList()
            : [.. ranked.Select(r => new ListedPaper(r, QueryEvaluator.Evaluate(query, MatchablePaper.From(r.Paper)))).Where(p => p.Match is not null)];
        DateOnly? previous, next;
        if (week)
        {
            previous = window.From == DateOnly.MinValue ? null : await store.GetLatestDayAsync(window.From.AddDays(-1), ct);
            // The next week, or past a gap the first week holding papers again.
            var (_, after) = await store.GetNeighbourDaysAsync(window.To, ct);
            var weekAfter = TrendingWindow.Shift(window.To, 7);
            next = after is not { } a ? null : a > weekAfter ? TrendingWindow.Shift(a, 6) : weekAfter;
        }
        else
        {
            (previous, next) = await store.GetNeighbourDaysAsync(last, ct);
        }
        return new ListingPage(window, papers, ranked.Count, previous, next);
    }

    /// <summary>The picks of a top alert over the latest day (or the seven days ending with it).</summary>
    public async Task<TopPreview?> PreviewTopAsync(TrendingFilter filter, bool weekly, CancellationToken ct)
    {
        if (await store.GetLatestDayAsync(null, ct) is not { } last) return null;
        var window = weekly ? TrendingWindow.WeekEnding(last) : TrendingWindow.Day(last);
        var ranked = TrendingRanking.Rank(await store.GetListedAsync(window, ct));
        return new TopPreview(window, ranked.Count, TrendingSelection.Select(ranked, filter, TrendingSelection.AnalysedOnce()));
    }
}
