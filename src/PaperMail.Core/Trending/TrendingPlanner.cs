using Microsoft.Extensions.Options;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Trending;

/// <summary>
/// Works out, when a period's digests are planned, what every due top alert picks: each window's papers are read and
/// ranked once (all daily alerts share one window, all weekly ones another), then each alert takes its N through
/// <see cref="TrendingSelection"/>. The digest store drops picks that already reached the address or are on their way.
/// </summary>
public sealed class TrendingPlanner(ITrendingStore store, IOptions<DigestOptions> options)
{
    public async Task<IReadOnlyList<PlannedPick>> PickAsync(string? dailyPeriod, string? weeklyPeriod, CancellationToken ct)
    {
        var alerts = await store.GetDueTopAlertsAsync(dailyPeriod, weeklyPeriod, ct);
        if (alerts.Count == 0) return [];
        var picks = new List<PlannedPick>();
        foreach (var group in alerts.GroupBy(a => a.Weekly))
        {
            var window = group.Key ? TrendingWindow.ForWeeklyPeriod(weeklyPeriod!, options.Value) : TrendingWindow.ForDailyPeriod(dailyPeriod!);
            var ranked = TrendingRanking.Rank(await store.GetListedAsync(window, ct));
            if (ranked.Count == 0) continue;
            var analysed = TrendingSelection.AnalysedOnce();
            // Alerts with the same filter pick the same papers: each distinct filter is evaluated once.
            var byFilter = new Dictionary<(string, int?, int), IReadOnlyList<TrendingPick>>();
            foreach (var alert in group)
            {
                var key = (alert.Query, alert.MinUpvotes, alert.TopN);
                if (!byFilter.TryGetValue(key, out var chosen))
                {
                    var query = alert.Query.Length == 0 ? null : QueryParser.Parse(alert.Query).Query;
                    // A stored filter that no longer parses (a parser change) picks nothing rather than everything.
                    chosen = alert.Query.Length > 0 && query is null
                        ? []
                        : TrendingSelection.Select(ranked, new TrendingFilter(alert.TopN, query, alert.MinUpvotes), analysed);
                    byFilter[key] = chosen;
                }
                picks.AddRange(chosen.Select(p => new PlannedPick(alert.Id, alert.SubscriberId, p.Ranked.Paper.Id, p.Ranked.Rank, p.Ranked.Upvotes)));
            }
        }
        return picks;
    }
}
