using MimeKit;
using MimeKit.Utils;

namespace PaperMail.Web.Mail;

/// <summary>The MIME shape every PaperMail email shares: HTML + text, UTF-8, a Message-Id on the sender's domain.</summary>
public static class EmailMime
{
    public static MimeMessage Create(SmtpOptions sender, string to, string subject, string html, string text, DateTimeOffset now) =>
        Create(sender, to, subject, Encode(html), Encode(text), now);

    /// <summary>
    /// The email from its HTML and text already in UTF-8 quoted-printable (<see cref="QuotedPrintableWriter"/>):
    /// encoded once, when built. Left to MimeKit, the encoding would run each time the message is written: when
    /// MailKit measures it for SIZE, when DKIM hashes it, and during DATA.
    /// </summary>
    /// <param name="messageId">The Message-Id when it was chosen beforehand (a digest's, with its links); otherwise a new one on the sender's domain.</param>
    public static MimeMessage Create(SmtpOptions sender, string to, string subject, Stream html, Stream text, DateTimeOffset now, string? messageId = null)
    {
        var from = new MailboxAddress(sender.FromName, sender.FromAddress);
        // From an empty header list: the parameterless constructor fills in a Date and a Message-Id (looking up the
        // host name) that would be replaced at once, which cost a few percent of building a digest.
        var mime = new MimeMessage(new HeaderList());
        mime.From.Add(from);
        mime.Date = now;
        mime.Subject = subject;
        // MimeKit's default Message-Id names the machine; ours names the sender's domain.
        mime.MessageId = messageId ?? MimeUtils.GenerateMessageId(from.Domain);
        mime.To.Add(MailboxAddress.Parse(to));
        mime.Body = new MultipartAlternative { new EncodedTextPart("plain", text), new EncodedTextPart("html", html) };
        return mime;
    }

    private static Stream Encode(string content)
    {
        using var writer = new QuotedPrintableWriter(content.Length);
        writer.Write(content);
        return writer.ToStream();
    }
}
