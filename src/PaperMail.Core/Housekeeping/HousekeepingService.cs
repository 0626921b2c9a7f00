using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperMail.Core.Housekeeping;

/// <summary>One run of the <c>housekeeping</c> job: works out the cutoffs from the settings and reports what went.</summary>
public sealed class HousekeepingService(IHousekeepingStore store, IOptions<HousekeepingOptions> options, TimeProvider clock,
    ILogger<HousekeepingService> logger)
{
    /// <param name="digestLinkLifetime">The longest a digest's links work (its unsubscribe link's lifetime).</param>
    public async Task<HousekeepingReport> RunAsync(TimeSpan digestLinkLifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        var report = await store.DeleteExpiredAsync(new HousekeepingCutoffs(
            now,
            UnconfirmedBefore: now - TimeSpan.FromDays(o.UnconfirmedDays),
            LeftBefore: now - TimeSpan.FromDays(o.UnsubscribedRetentionDays),
            EmailLogBefore: now - TimeSpan.FromDays(o.EmailLogDays),
            DigestLinksIssuedBefore: now - digestLinkLifetime), ct);
        logger.LogInformation(
            "Housekeeping deleted {ExpiredTokens} expired tokens, {DigestLinks} expired digest links, {Alerts} unconfirmed alerts, "
            + "{Unconfirmed} unconfirmed subscribers, {Unsubscribed} unsubscribed subscribers past retention, kept {Suppressed} "
            + "suppressed addresses only as hashes, deleted {EmailLog} email-log rows and {Envelopes} envelopes of sent messages",
            report.ExpiredTokens, report.DigestLinksExpired, report.UnconfirmedAlerts, report.UnconfirmedSubscribers,
            report.UnsubscribedSubscribers, report.SuppressedAddressesHashed, report.EmailLogRows, report.Envelopes);
        return report;
    }
}
