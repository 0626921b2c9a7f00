using MimeKit;
using PaperMail.Core.Bounces;
using PaperMail.Core.Email;

namespace PaperMail.Web.Mail;

/// <summary>
/// Sends single emails (confirmations) through the same SMTP pool as the digests; with <c>PaperMail:Bounces:Address</c>
/// set and the subscriber known, with a VERP envelope sender of its own, recorded before it goes.
/// </summary>
public sealed class PooledEmailSender(
    ISmtpDelivery delivery, IOptions<SmtpOptions> options, IBounceStore bounces, IOptions<BounceOptions> bounceOptions, TimeProvider clock) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        using var mime = EmailMime.Create(options.Value, message.To, message.Subject, message.Html, message.Text, clock.GetUtcNow());
        foreach (var (name, value) in message.Headers) mime.Headers.Add(name, value);
        var bounceAddress = bounceOptions.Value.Address;
        MailboxAddress? envelopeSender = null;
        if (!string.IsNullOrWhiteSpace(bounceAddress) && message.SubscriberId is { } subscriberId)
        {
            var verpId = VerpAddress.NewId();
            await bounces.RecordEnvelopesAsync([new SentEnvelope(verpId, subscriberId, mime.MessageId ?? "")], clock.GetUtcNow(), ct);
            envelopeSender = VerpAddress.Create(bounceAddress, verpId);
        }
        var result = envelopeSender is null ? await delivery.SendAsync(mime, ct) : await delivery.SendFromAsync(mime, envelopeSender, ct);
        if (!result.IsDelivered) throw new EmailNotSentException(Core.Subscriptions.AddressHash.Scrub(result.ToString()));
    }
}

/// <summary>The mail server did not take the message; the text is its reply.</summary>
public sealed class EmailNotSentException(string reply) : Exception($"Email not sent: {reply}");
