using System.Runtime.CompilerServices;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Web.Mail;

namespace PaperMail.Web.Digests;

/// <summary>
/// The SMTP pool as one digest run sees it: each message goes out with the envelope sender (VERP) chosen when it was
/// built, and every outcome passes the run's <see cref="RelayWatch"/>, which turns "the relay refuses everyone" or
/// "the relay is down" into a fatal outcome that stops the run.
/// </summary>
internal sealed class RunDelivery(ISmtpDelivery pool, RelayWatch watch) : ISmtpDelivery, IDisposable
{
    private readonly ConditionalWeakTable<MimeMessage, MailboxAddress> _envelopes = [];

    /// <summary>
    /// Fires once the relay is judged down: the messages already handed to the pool are taken back instead of each
    /// waiting out its own timeout against a relay that is not there.
    /// </summary>
    private readonly CancellationTokenSource _relayDown = new();

    /// <summary>Sends <paramref name="message"/> with this MAIL FROM when it is handed to <see cref="SendAsync"/>.</summary>
    public void SetEnvelopeSender(MimeMessage message, MailboxAddress sender) => _envelopes.AddOrUpdate(message, sender);

    public async Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _relayDown.Token);
        DeliveryResult result;
        try
        {
            result = _envelopes.TryGetValue(message, out var sender)
                ? await pool.SendFromAsync(message, sender, linked.Token)
                : await pool.SendAsync(message, linked.Token);
        }
        catch (OperationCanceledException) when (_relayDown.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Against a relay that is down, a send cut short reached nobody: it goes back to the queue.
            return DeliveryResult.NotAttempted("the relay is down; the run stopped");
        }

        var judged = watch.Judge(result);
        if (judged.Problem == DeliveryProblemKinds.RelayDown) await _relayDown.CancelAsync();
        return judged;
    }

    public Task<DeliveryResult> SendFromAsync(MimeMessage message, MailboxAddress envelopeSender, CancellationToken cancellationToken = default)
    {
        SetEnvelopeSender(message, envelopeSender);
        return SendAsync(message, cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryResult>> SendBatchAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken = default) =>
        [.. (await pool.SendBatchAsync(messages, cancellationToken)).Select(watch.Judge)];

    public void Dispose() => _relayDown.Dispose();
}
