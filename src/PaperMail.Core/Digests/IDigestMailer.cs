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
    /// Sends every digest and calls <paramref name="onResult"/> as soon as each one's outcome is known, so the outbox
    /// records a delivery before the next message goes out on that connection: a crash re-sends at most what was on
    /// the wire.
    /// </summary>
    Task SendAsync(IReadOnlyList<DigestEnvelope> digests, Func<DigestSendResult, Task> onResult, CancellationToken ct);
}
