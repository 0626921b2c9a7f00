using PaperMail.Core.Delivery;

namespace PaperMail.Core.Digests;

/// <summary>A digest ready to go out: its outbox row and what it says.</summary>
public sealed record DigestEnvelope(DigestRecord Digest, DigestContent Content);

/// <summary>What became of one digest, and the Message-Id it went out with.</summary>
public sealed record DigestSendResult(long DigestId, string MessageId, DeliveryResult Result);

/// <summary>Renders digests into emails and sends them (the host does this: templates, MIME, SMTP).</summary>
public interface IDigestMailer
{
    Task<IReadOnlyList<DigestSendResult>> SendAsync(IReadOnlyList<DigestEnvelope> digests, CancellationToken ct);
}
