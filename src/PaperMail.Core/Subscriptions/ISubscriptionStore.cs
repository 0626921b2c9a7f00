namespace PaperMail.Core.Subscriptions;

/// <summary>Subscribers, alerts, link tokens and the confirmation-email log.</summary>
public interface ISubscriptionStore
{
    /// <summary>
    /// Records a form submission: finds or creates the subscriber (pending if new or unsubscribed), adds a pending
    /// alert and a confirmation token. Returns null, changing nothing, when no email may go to the address: it is
    /// suppressed after a complaint, or <paramref name="maxEmailsPerHour"/> confirmation emails already went to it in the
    /// last hour. An address suppressed after bounces stays suppressed until it confirms (which lifts the suppression).
    /// </summary>
    Task<PendingConfirmation?> RequestConfirmationAsync(SubscriptionRequest request, string confirmTokenHash,
        DateTimeOffset now, int maxEmailsPerHour, CancellationToken ct = default);

    /// <summary>
    /// Activates the subscriber and the alert of an unexpired confirmation token and marks the token used; a used token
    /// changes nothing and comes back with <see cref="ConfirmedAlert.AlreadyConfirmed"/>. Null if none. Lifts a
    /// suppression after bounces (the address just proved it works), never one after a complaint.
    /// </summary>
    Task<ConfirmedAlert?> ConfirmAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The subscriber an unexpired token of that purpose belongs to; null if none.</summary>
    Task<long?> FindSubscriberAsync(string tokenHash, TokenPurpose purpose, DateTimeOffset now, CancellationToken ct = default);

    Task<SubscriberView?> GetSubscriberAsync(long subscriberId, CancellationToken ct = default);

    /// <summary>
    /// Changes an alert's query, minimum and kind: a top alert of N papers when <paramref name="topN"/> is given (its query
    /// then a filter, possibly empty), else a query alert. False if the alert is not this subscriber's.
    /// </summary>
    Task<bool> UpdateAlertAsync(long subscriberId, long alertId, string query, int? minUpvotes, DateTimeOffset now, CancellationToken ct = default, int? topN = null);

    Task<bool> SetPausedAsync(long subscriberId, long alertId, bool paused, DateTimeOffset now, CancellationToken ct = default);

    Task<bool> DeleteAlertAsync(long subscriberId, long alertId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Adds an active alert straight away (the manage token already proves the inbox).</summary>
    Task<long> AddActiveAlertAsync(long subscriberId, string query, int? minUpvotes, DateTimeOffset now, CancellationToken ct = default, int? topN = null);

    Task SetFrequencyAsync(long subscriberId, DigestFrequency frequency, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Stops all email to the subscriber; rows are kept for audit.</summary>
    Task UnsubscribeAsync(long subscriberId, string reason, DateTimeOffset now, CancellationToken ct = default);
}

