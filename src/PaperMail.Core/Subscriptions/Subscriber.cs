namespace PaperMail.Core.Subscriptions;

public enum SubscriberState
{
    Pending,
    Active,
    Unsubscribed,
    Suppressed,
}

/// <summary>An alert as the manage page shows it. <paramref name="TopN"/> set: a top alert, whose query is its filter.</summary>
public sealed record AlertView(long Id, string Query, int? MinUpvotes, bool Paused, DateTimeOffset CreatedAt, int? TopN = null, Semantic.SimilarAlert? Similar = null);

/// <summary>A subscriber with their active alerts.</summary>
public sealed record SubscriberView(long Id, string Email, DigestFrequency Frequency, SubscriberState State, IReadOnlyList<AlertView> Alerts);

/// <summary>What a confirmation link confirmed.</summary>
public sealed record ConfirmedAlert(long SubscriberId, string Email, AlertView Alert, DigestFrequency Frequency, bool AlreadyConfirmed = false);

/// <summary>A confirmation email to send: the alert waiting for it and the subscriber it belongs to.</summary>
public sealed record PendingConfirmation(long SubscriberId, long AlertId);
