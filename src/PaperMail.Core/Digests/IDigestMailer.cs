using PaperMail.Core.Delivery;

namespace PaperMail.Core.Digests;

/// <summary>A digest ready to go out: its outbox row and what it says.</summary>
public sealed record DigestEnvelope(DigestRecord Digest, DigestContent Content);

/// <summary>What became of one digest, and the Message-Id it went out with.</summary>
public sealed record DigestSendResult(long DigestId, string MessageId, DeliveryResult Result);

/// <summary>Renders digests into emails and sends them (the host does this: templates, MIME, SMTP).</summary>
public interface IDigestMailer
{
    /// <summary>
    /// Sends every digest the batches hold, reading the next batch while the current one goes out, and calls
    /// <paramref name="onResult"/> as soon as each one's outcome is known; the outbox records a delivery before that
    /// digest's slot is reused, so a crash re-sends at most what was on the wire. The batches are enumerated with a
    /// token that fires when sending must stop (a fatal reply, or <paramref name="ct"/>): the source should then stop
    /// claiming, and every digest it still yields is reported not attempted.
    /// </summary>
    /// <param name="renewClaim">
    /// Called with a digest's id just before its email is handed to the server: false means its claim was lost (another
    /// node took it over after it went stale), so it is neither sent nor reported.
    /// </param>
    Task SendAsync(IAsyncEnumerable<IReadOnlyList<DigestEnvelope>> batches, Func<DigestSendResult, Task> onResult,
        Func<long, Task<bool>> renewClaim, CancellationToken ct);
}
