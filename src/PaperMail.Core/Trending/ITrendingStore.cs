using PaperMail.Core.Papers;

namespace PaperMail.Core.Trending;

/// <summary>A confirmed, running top alert of a subscriber whose digest is due and not planned yet.</summary>
public sealed record DueTopAlert(long Id, long SubscriberId, bool Weekly, string Query, int? MinUpvotes, int TopN);

/// <summary>A paper a top alert put in a subscriber's next digest, as ranked when the digest was planned.</summary>
public sealed record PlannedPick(long AlertId, long SubscriberId, string PaperId, int Rank, int Upvotes);

/// <summary>Papers by listing day, and the top alerts that rank them. SQL stays in the implementation.</summary>
public interface ITrendingStore
{
    /// <summary>
    /// The top alerts to plan now: active and running, of active subscribers whose period is due (a null period is not)
    /// and who have no digest for it yet.
    /// </summary>
    Task<IReadOnlyList<DueTopAlert>> GetDueTopAlertsAsync(string? dailyPeriod, string? weeklyPeriod, CancellationToken ct = default);

    /// <summary>Every paper whose day (listing day, else first-seen day) lies in the window, in one read.</summary>
    Task<IReadOnlyList<Paper>> GetListedAsync(TrendingWindow window, CancellationToken ct = default);

    /// <summary>The latest day holding papers, on or before <paramref name="onOrBefore"/> when given; null if none.</summary>
    Task<DateOnly?> GetLatestDayAsync(DateOnly? onOrBefore = null, CancellationToken ct = default);

    /// <summary>The nearest days before and after <paramref name="day"/> that hold papers.</summary>
    Task<(DateOnly? Previous, DateOnly? Next)> GetNeighbourDaysAsync(DateOnly day, CancellationToken ct = default);
}
