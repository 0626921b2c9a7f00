namespace PaperMail.Core.Admin;

public sealed record SubscriberAlert(long Id, string Query, int? MinUpvotes, bool Paused, string State, long Matches);

public sealed record SubscriberDigest(string Period, string State, int Attempts, DateTimeOffset? SentAt, string? LastError);

public sealed record SubscriberDetails(
    long Id, string Email, string State, string Frequency, DateTimeOffset CreatedAt, IReadOnlyList<SubscriberAlert> Alerts)
{
    /// <summary>The latest digests of this subscriber, newest first.</summary>
    public IReadOnlyList<SubscriberDigest> RecentDigests { get; init; } = [];
}

/// <summary>What the admin does to one subscriber: find them by address, and erase them on a privacy request.</summary>
public interface ISubscriberAdminStore
{
    /// <summary>The subscriber with this address, compared case-insensitively; null when there is none.</summary>
    Task<SubscriberDetails?> FindByEmailAsync(string email, CancellationToken ct = default);

    /// <summary>
    /// Deletes the subscriber and every row they own, in one transaction. Returns false when there was no such subscriber.
    /// </summary>
    Task<bool> DeleteAsync(long subscriberId, CancellationToken ct = default);
}
