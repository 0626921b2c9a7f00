using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using PaperMail.Core.Email;

namespace PaperMail.Web.Email;

/// <summary>
/// Sends each message over its own SMTP connection. MailKit's client is not thread-safe; the digest issue replaces
/// this with a pool when volume calls for it.
/// </summary>
public sealed class MailKitEmailSender(IOptions<SmtpOptions> options, TimeProvider clock) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var mime = Build(message, options.Value, clock.GetUtcNow());
        var settings = options.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host, settings.Port, ToMailKit(settings.Security), ct);
        if (!string.IsNullOrEmpty(settings.Username)) await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    internal static MimeMessage Build(EmailMessage message, SmtpOptions settings, DateTimeOffset now)
    {
        var from = new MailboxAddress(settings.FromName, settings.FromAddress);
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = now,
            // MimeKit's default Message-Id names the machine; ours names the sender's domain.
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
        };
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(message.To));
        foreach (var (name, value) in message.Headers) mime.Headers.Add(name, value);
        var body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text };
        mime.Body = body.ToMessageBody();
        // Non-ASCII header text is written as UTF-8 encoded words (or raw UTF-8 where the server offers SMTPUTF8).
        foreach (var part in mime.BodyParts.OfType<TextPart>()) part.ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        return mime;
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
