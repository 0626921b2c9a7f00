namespace PaperMail.Core.Subscriptions;

/// <summary>What a confirmation link will confirm, read without changing anything (the GET of a confirmation link).</summary>
public sealed record ConfirmationPreview(string Email, string Query, int? MinUpvotes, int? TopN, DigestFrequency Frequency, bool AlreadyConfirmed);

/// <summary>A link token to store: only its hash, its purpose and when it stops working (null: until revoked).</summary>
public sealed record NewLinkToken(long SubscriberId, string Hash, TokenPurpose Purpose, DateTimeOffset? ExpiresAt);

/// <summary>
/// The lifecycle of links in emails (lifetimes, revocation, fresh manage links) and the counts the abuse limits need.
/// </summary>
public interface ISubscriptionLinkStore
{
    /// <summary>What an unexpired confirmation token would confirm; null if the token is unknown, expired or its alert is gone.</summary>
    Task<ConfirmationPreview?> PeekConfirmationAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Stores link tokens (their hashes) in one transaction.</summary>
    Task AddLinkTokensAsync(IReadOnlyList<NewLinkToken> tokens, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// The subscriber a digest's link token belongs to, for a manage or unsubscribe link, when the digest went out
    /// after <paramref name="issuedAfter"/> (the purpose's lifetime) and, for manage, after the subscriber's links were
    /// last revoked.
    /// </summary>
    Task<long?> FindSubscriberByDigestTokenAsync(string tokenHash, TokenPurpose purpose, DateTimeOffset issuedAfter, CancellationToken ct = default);

    /// <summary>"Sign out all links": manage links and the feed issued until now stop working; unsubscribe links keep working.</summary>
    Task RevokeLinksAsync(long subscriberId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Replaces the subscriber's feed token: the previous feed address stops working.</summary>
    Task ReplaceFeedTokenAsync(long subscriberId, string tokenHash, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// For a "send me a manage link" request: the subscriber (pending or active) of the address, with a new manage token
    /// stored and the email logged; null, changing nothing, when there is none or <paramref name="maxEmailsPerHour"/>
    /// such emails already went to the address in the last hour.
    /// </summary>
    Task<(long SubscriberId, string Email)?> RequestManageLinkAsync(string emailKey, string tokenHash, DateTimeOffset now,
        DateTimeOffset expiresAt, int maxEmailsPerHour, CancellationToken ct = default);

    /// <summary>Emails of one kind (<c>confirm</c>, <c>manage-link</c>) logged since a time, for every address together.</summary>
    Task<long> CountEmailsSinceAsync(string kind, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>The address's active and pending (unconfirmed) alerts.</summary>
    Task<(int Active, int Pending)> CountAlertsAsync(string emailKey, CancellationToken ct = default);

    /// <summary>The subscriber's active alerts.</summary>
    Task<int> CountActiveAlertsAsync(long subscriberId, CancellationToken ct = default);
}
