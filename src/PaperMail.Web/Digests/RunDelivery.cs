using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Web.Mail;

namespace PaperMail.Web.Digests;

/// <summary>
/// The send stage of one digest run: the SMTP pool, each message with the envelope sender (VERP) minted with its links,
/// and every outcome passed through the run's <see cref="RelayWatch"/>, which turns "the relay refuses everyone" or
/// "the relay is down" into a fatal outcome that stops the run.
/// </summary>
internal sealed class RunDelivery(ISmtpDelivery pool, RelayWatch watch) : IDigestSendStage
{
    /// <summary>
    /// Fires once the relay is judged down: the messages already handed to the pool are taken back instead of each
    /// waiting out its own timeout against a relay that is not there.
    /// </summary>
    private readonly CancellationTokenSource _relayDown = new();

    public async Task<DeliveryResult> SendAsync(MimeMessage message, MailboxAddress? envelopeSender, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _relayDown.Token);
        DeliveryResult result;
        try
        {
            result = envelopeSender is not null
                ? await pool.SendFromAsync(message, envelopeSender, linked.Token)
                : await pool.SendAsync(message, linked.Token);
        }
        catch (OperationCanceledException) when (_relayDown.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Against a relay that is down, a send cut short reached nobody: it goes back to the queue.
            return DeliveryResult.NotAttempted("the relay is down; the run stopped");
        }

        var judged = watch.Judge(result);
        if (judged.Problem == DeliveryProblemKinds.RelayDown) await _relayDown.CancelAsync();
        return judged;
    }

    public void Dispose() => _relayDown.Dispose();
}
