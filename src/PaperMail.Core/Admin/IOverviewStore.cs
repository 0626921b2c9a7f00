namespace PaperMail.Core.Admin;

/// <summary>Subscribers by state.</summary>
public sealed record SubscriberCounts(long Pending, long Active, long Unsubscribed, long Suppressed);

/// <summary>Alerts that are confirmed (not deleted), split by whether they are paused.</summary>
public sealed record AlertCounts(long Active, long Paused);

/// <summary>Digests created (pending, failed, suppressed) or sent since a moment.</summary>
public sealed record DigestCounts(long Sent, long Failed, long Pending, long Suppressed);

/// <summary>A digest that could not be delivered, with the mail server's reply.</summary>
public sealed record DigestFailure(long DigestId, string Email, string Period, string State, int Attempts, string? Reply, DateTimeOffset CreatedAt);

/// <summary>An address PaperMail no longer mails because its server refused it.</summary>
public sealed record SuppressedAddress(long SubscriberId, string Email, string? Reason, DateTimeOffset Since);

/// <summary>The counts on the admin overview that no other store already answers.</summary>
public interface IOverviewStore
{
    Task<SubscriberCounts> CountSubscribersAsync(CancellationToken ct = default);

    Task<AlertCounts> CountAlertsAsync(CancellationToken ct = default);

    Task<DigestCounts> CountDigestsSinceAsync(DateTimeOffset since, CancellationToken ct = default);

    /// <summary>The latest digests that failed or are waiting for a retry after a failure, newest first.</summary>
    Task<IReadOnlyList<DigestFailure>> GetRecentDigestFailuresAsync(int limit, CancellationToken ct = default);

    Task<IReadOnlyList<SuppressedAddress>> GetSuppressedAsync(int limit, CancellationToken ct = default);

}
