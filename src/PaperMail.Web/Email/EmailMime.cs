using MimeKit;
using MimeKit.Utils;

namespace PaperMail.Web.Email;

/// <summary>The MIME shape every PaperMail email shares: HTML + text, UTF-8, a Message-Id on the sender's domain.</summary>
public static class EmailMime
{
    public static MimeMessage Create(SmtpOptions sender, string to, string subject, string html, string text, DateTimeOffset now)
    {
        var from = new MailboxAddress(sender.FromName, sender.FromAddress);
        var mime = new MimeMessage
        {
            Subject = subject,
            Date = now,
            // MimeKit's default Message-Id names the machine; ours names the sender's domain.
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
            Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody(),
        };
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(to));
        // Non-ASCII text goes as UTF-8 in quoted-printable: readable everywhere, never as HTML entities.
        foreach (var part in mime.BodyParts.OfType<TextPart>()) part.ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        return mime;
    }

    public static string Domain(SmtpOptions sender) => MailboxAddress.Parse(sender.FromAddress).Domain;
}
