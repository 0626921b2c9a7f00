namespace PaperMail.Core.Operations;

/// <summary>One value of a named series on one UTC day.</summary>
public sealed record DailyValue(string Series, DateOnly Day, double Value);

/// <summary>The admin overview's 30-day charts, read from PaperMail's own tables (days in UTC, from <c>from</c> inclusive).</summary>
public interface IOperationsHistoryStore
{
    /// <summary>New papers per day, one series per source (from the sources' runs).</summary>
    Task<IReadOnlyList<DailyValue>> PapersPerDayAsync(DateOnly from, CancellationToken ct = default);

    /// <summary>Matches made per day (one series, "matches").</summary>
    Task<IReadOnlyList<DailyValue>> MatchesPerDayAsync(DateOnly from, CancellationToken ct = default);

    /// <summary>Digests per day by outcome: "sent" (by send time), "failed" and "suppressed" (by their last attempt).</summary>
    Task<IReadOnlyList<DailyValue>> DigestsPerDayAsync(DateOnly from, CancellationToken ct = default);

    /// <summary>Confirmed subscribers still subscribed at the end of each day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    Task<IReadOnlyList<DailyValue>> ConfirmedSubscribersAsync(DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>Per day, the longest wait in minutes from a digest's planning to its sending, among the digests sent that day.</summary>
    Task<IReadOnlyList<DailyValue>> DeliveryMinutesPerDayAsync(DateOnly from, CancellationToken ct = default);
}
