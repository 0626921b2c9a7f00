using Microsoft.Extensions.Options;
using PaperMail.Core.Email;
using PaperMail.Web.Delivery;

namespace PaperMail.Web.Email;

/// <summary>Sends single emails (confirmations) through the same SMTP pool as the digests.</summary>
public sealed class PooledEmailSender(ISmtpDelivery delivery, IOptions<SmtpOptions> options, TimeProvider clock) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        using var mime = EmailMime.Create(options.Value, message.To, message.Subject, message.Html, message.Text, clock.GetUtcNow());
        foreach (var (name, value) in message.Headers) mime.Headers.Add(name, value);
        var result = await delivery.SendAsync(mime, ct);
        if (!result.IsDelivered) throw new EmailNotSentException(result.ToString());
    }
}

/// <summary>The mail server did not take the message; the text is its reply.</summary>
public sealed class EmailNotSentException(string reply) : Exception($"Email not sent: {reply}");
