using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing;

/// <summary>The caps on alerts and confirmation emails (<see cref="AbuseLimitOptions"/>), checked before anything is written or sent.</summary>
public sealed class SubscriptionAbuseGuard(
    ISubscriptionLinkStore store, IOptions<AbuseLimitOptions> limits, TimeProvider clock, ILogger<SubscriptionAbuseGuard> logger)
{
    /// <summary>The email-log kind of confirmation emails (the store writes it with each request).</summary>
    public const string ConfirmKind = "confirm";

    /// <summary>
    /// Whether a confirmation for a new alert may go to the address: it has room for another alert (counting those
    /// still unconfirmed), and fewer than the hourly number of confirmations went out to everyone together.
    /// </summary>
    public async Task<bool> MaySendConfirmationAsync(EmailAddress email, CancellationToken ct) =>
        await WhyNoConfirmationAsync(email, ct) is null;

    /// <summary>Why no confirmation may go to the address now (<see cref="MaySendConfirmationAsync"/>), or null when one may.</summary>
    public async Task<ConfirmationRefusal?> WhyNoConfirmationAsync(EmailAddress email, CancellationToken ct)
    {
        var options = limits.Value;
        var (active, pending) = await store.CountAlertsAsync(email.Key, ct);
        if (pending >= options.MaxPendingAlertsPerAddress || active + pending >= options.MaxAlertsPerSubscriber)
        {
            logger.LogInformation("No confirmation email sent: the address has {Active} active and {Pending} unconfirmed alerts", active, pending);
            return active + pending >= options.MaxAlertsPerSubscriber
                ? new ConfirmationRefusal(false, $"the address has {active} active and {pending} unconfirmed alerts; at most {options.MaxAlertsPerSubscriber} are allowed (PaperMail:Limits:MaxAlertsPerSubscriber)")
                : new ConfirmationRefusal(true, $"the address has {pending} unconfirmed alerts, the most allowed (PaperMail:Limits:MaxPendingAlertsPerAddress); import it again once they are confirmed or expired");
        }
        var sentLastHour = await store.CountEmailsSinceAsync(ConfirmKind, clock.GetUtcNow() - TimeSpan.FromHours(1), ct);
        if (sentLastHour >= options.ConfirmationEmailsPerHour)
        {
            logger.LogWarning("No confirmation email sent: {Sent} went out in the last hour, the limit for all addresses (PaperMail:Limits:ConfirmationEmailsPerHour)", sentLastHour);
            return new ConfirmationRefusal(true, $"{sentLastHour} confirmation emails went out in the last hour, the limit (PaperMail:Limits:ConfirmationEmailsPerHour); import the file again in an hour");
        }
        return null;
    }

    /// <summary>Whether the subscriber may add another active alert.</summary>
    public async Task<bool> MayAddAlertAsync(long subscriberId, CancellationToken ct) =>
        await store.CountActiveAlertsAsync(subscriberId, ct) < limits.Value.MaxAlertsPerSubscriber;

    public int MaxAlertsPerSubscriber => limits.Value.MaxAlertsPerSubscriber;
}

/// <summary>Why a confirmation was not sent; <paramref name="Later"/>: it may be sent later (a cap that frees up).</summary>
public sealed record ConfirmationRefusal(bool Later, string Reason);
