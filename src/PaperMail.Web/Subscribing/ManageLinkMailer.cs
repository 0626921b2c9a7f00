using System.Globalization;
using System.Text.Encodings.Web;
using PaperMail.Core.Email;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing;

/// <summary>
/// "Email me a manage link": a fresh manage link goes to the address if it has a subscription. The caller answers
/// the same whatever happened, so the page does not tell who subscribes.
/// </summary>
public sealed class ManageLinkMailer(
    ISubscriptionLinkStore store, IEmailSender sender, SubscriptionFlow flow, IOptions<EmailLinkOptions> lifetimes,
    IOptions<AbuseLimitOptions> limits, HtmlEncoder html, TimeProvider clock, ILogger<ManageLinkMailer> logger)
{
    public async Task SendAsync(EmailAddress address, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (token, hash) = SubscriptionToken.Create();
        var found = await store.RequestManageLinkAsync(address.Key, hash, now, now + lifetimes.Value.ManageLifetime,
            limits.Value.ManageLinkEmailsPerAddressPerHour, ct);
        if (found is not { } subscriber)
        {
            logger.LogInformation("No manage link sent: no subscription for the address, or over its hourly limit");
            return;
        }
        var link = flow.Link($"manage/{token}");
        var days = lifetimes.Value.ManageDays.ToString(CultureInfo.InvariantCulture);
        const string subject = "Your PaperMail manage link";
        var text = $"""
            Manage your PaperMail alerts

            Someone - hopefully you - asked for a link to manage the alerts of {subscriber.Email}:

            {link}

            The link works for {days} days. If you did not ask for it, ignore this email: nothing changes.
            """;
        var body = $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{subject}</title></head><body>
            <h1>Manage your PaperMail alerts</h1>
            <p>Someone &#8211; hopefully you &#8211; asked for a link to manage the alerts of <strong>{html.Encode(subscriber.Email)}</strong>:</p>
            <p><a href="{html.Encode(link)}">Manage your alerts</a></p>
            <p>The link works for {days} days. If you did not ask for it, ignore this email: nothing changes.</p>
            </body></html>
            """;
        try
        {
            await sender.SendAsync(new EmailMessage(subscriber.Email, subject, body, text), ct);
            logger.LogInformation("Manage link sent to subscriber {SubscriberId}", subscriber.SubscriberId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Manage link for subscriber {SubscriberId} could not be sent", subscriber.SubscriberId);
        }
    }
}
