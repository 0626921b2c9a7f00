namespace PaperMail.Core.Housekeeping;

/// <summary>What one housekeeping run deleted, by kind.</summary>
public sealed record HousekeepingReport(
    int ExpiredTokens, int DigestLinksExpired, int UnconfirmedAlerts, int UnconfirmedSubscribers,
    int UnsubscribedSubscribers, int SuppressedAddressesHashed, int EmailLogRows, int Envelopes)
{
    public int Total => ExpiredTokens + DigestLinksExpired + UnconfirmedAlerts + UnconfirmedSubscribers
        + UnsubscribedSubscribers + SuppressedAddressesHashed + EmailLogRows + Envelopes;
}

/// <summary>The times before which each kind of row is no longer needed.</summary>
public sealed record HousekeepingCutoffs(
    DateTimeOffset Now, DateTimeOffset UnconfirmedBefore, DateTimeOffset LeftBefore, DateTimeOffset EmailLogBefore,
    DateTimeOffset DigestLinksIssuedBefore);

/// <summary>Deletes what is no longer needed. Idempotent: a second run with the same cutoffs deletes nothing.</summary>
public interface IHousekeepingStore
{
    Task<HousekeepingReport> DeleteExpiredAsync(HousekeepingCutoffs cutoffs, CancellationToken ct = default);
}
