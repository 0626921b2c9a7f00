using System.Diagnostics;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Web.Mail;

namespace PaperMail.Web.Observability;

/// <summary>The SMTP pool with each answer counted by reply class and its latency recorded.</summary>
public sealed class MeteredSmtpDelivery(ISmtpDelivery inner, PaperMailMetrics metrics) : ISmtpDelivery
{
    public Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken = default) =>
        TimedAsync(() => inner.SendAsync(message, cancellationToken));

    public Task<DeliveryResult> SendFromAsync(MimeMessage message, MailboxAddress envelopeSender, CancellationToken cancellationToken = default) =>
        TimedAsync(() => inner.SendFromAsync(message, envelopeSender, cancellationToken));

    private async Task<DeliveryResult> TimedAsync(Func<Task<DeliveryResult>> send)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await send();
        metrics.RecordDelivery(result, Stopwatch.GetElapsedTime(started));
        return result;
    }

    public async Task<IReadOnlyList<DeliveryResult>> SendBatchAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken = default)
    {
        // A batch answers all at once: each message's latency is the batch's, an upper bound.
        var started = Stopwatch.GetTimestamp();
        var results = await inner.SendBatchAsync(messages, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var result in results) metrics.RecordDelivery(result, elapsed);
        return results;
    }
}
