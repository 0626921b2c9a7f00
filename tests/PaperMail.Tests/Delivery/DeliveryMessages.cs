using MimeKit;
using MimeKit.Utils;

namespace PaperMail.Tests.Delivery;

/// <summary>Small digest-shaped messages (HTML + text) for delivery tests.</summary>
internal static class DeliveryMessages
{
    public static MimeMessage To(string address, string subject = "Your PaperMail digest")
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("PaperMail", "digest@papermail.test"));
        message.To.Add(MailboxAddress.Parse(address));
        message.Subject = subject;
        message.MessageId = MimeUtils.GenerateMessageId("papermail.test");
        var body = new BodyBuilder
        {
            TextBody = $"3 new papers for {address}\n\n1. Scaling laws for sparse retrieval\n",
            HtmlBody = $"<p>3 new papers for {address}</p><ol><li>Scaling laws for sparse retrieval</li></ol>",
        };
        message.Body = body.ToMessageBody();
        return message;
    }

    public static IReadOnlyList<MimeMessage> ToEach(params string[] addresses) => addresses.Select(a => To(a)).ToList();
}
