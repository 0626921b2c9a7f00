namespace PaperMail.Core.Admin;

/// <summary>Subscribers by state.</summary>
public sealed record SubscriberCounts(long Pending, long Active, long Unsubscribed, long Suppressed);

/// <summary>Alerts that are confirmed (not deleted), split by whether they are paused.</summary>
public sealed record AlertCounts(long Active, long Paused);

/// <summary>The counts on the admin overview that no other store already answers.</summary>
public interface IOverviewStore
{
    Task<SubscriberCounts> CountSubscribersAsync(CancellationToken ct = default);

    Task<AlertCounts> CountAlertsAsync(CancellationToken ct = default);
}
