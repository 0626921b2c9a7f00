using System.Runtime.CompilerServices;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Web.Delivery;

namespace PaperMail.Web.Digests;

/// <summary>
/// The SMTP pool as one digest run sees it: each message goes out with the envelope sender (VERP) chosen when it was
/// built, and every outcome passes the run's <see cref="RelayWatch"/>, which turns "the relay refuses everyone" or
/// "the relay is down" into a fatal outcome that stops the run.
/// </summary>
internal sealed class RunDelivery(ISmtpDelivery pool, RelayWatch watch) : ISmtpDelivery
{
    private readonly ConditionalWeakTable<MimeMessage, MailboxAddress> _envelopes = [];

    /// <summary>Sends <paramref name="message"/> with this MAIL FROM when it is handed to <see cref="SendAsync"/>.</summary>
    public void SetEnvelopeSender(MimeMessage message, MailboxAddress sender) => _envelopes.AddOrUpdate(message, sender);

    public async Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        var result = _envelopes.TryGetValue(message, out var sender)
            ? await pool.SendFromAsync(message, sender, cancellationToken)
            : await pool.SendAsync(message, cancellationToken);
        return watch.Judge(result);
    }

    public async Task<IReadOnlyList<DeliveryResult>> SendBatchAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken = default) =>
        [.. (await pool.SendBatchAsync(messages, cancellationToken)).Select(watch.Judge)];
}
