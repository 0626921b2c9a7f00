using PaperMail.Core.Papers;
using PaperMail.Core.Trending;

namespace PaperMail.Tests.Trending;

/// <summary>The real store, counting its calls: each is one SQL statement, so the count is the page's query count.</summary>
public sealed class CountingTrendingStore(ITrendingStore inner) : ITrendingStore
{
    private int _calls;

    public int Calls => _calls;

    public void Reset() => Interlocked.Exchange(ref _calls, 0);

    public Task<IReadOnlyList<DueTopAlert>> GetDueTopAlertsAsync(string? dailyPeriod, string? weeklyPeriod, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _calls);
        return inner.GetDueTopAlertsAsync(dailyPeriod, weeklyPeriod, ct);
    }

    public Task<IReadOnlyList<Paper>> GetListedAsync(TrendingWindow window, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _calls);
        return inner.GetListedAsync(window, ct);
    }

    public Task<DateOnly?> GetLatestDayAsync(DateOnly? onOrBefore = null, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _calls);
        return inner.GetLatestDayAsync(onOrBefore, ct);
    }

    public Task<(DateOnly? Previous, DateOnly? Next)> GetNeighbourDaysAsync(DateOnly day, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _calls);
        return inner.GetNeighbourDaysAsync(day, ct);
    }
}
