using MimeKit;
using PaperMail.Core.Delivery;

namespace PaperMail.Core.Digests;

/// <summary>A digest ready to go out: its outbox row and what it says.</summary>
public sealed record DigestEnvelope(DigestRecord Digest, DigestContent Content);

/// <summary>What became of one digest, and the Message-Id it went out with.</summary>
public sealed record DigestSendResult(long DigestId, string MessageId, DeliveryResult Result);

/// <summary>The links of one digest's email, all from one token, and the identities its message goes out with.</summary>
/// <param name="MessageId">Chosen with the links, so that the envelope record names it before the message exists.</param>
/// <param name="EnvelopeSender">The VERP bounce address, when <c>PaperMail:Bounces:Address</c> is set.</param>
public sealed record DigestLinks(string Manage, string Unsubscribe, string WebView, string Feed, string MessageId, MailboxAddress? EnvelopeSender);

/// <summary>The stages <see cref="DigestPipeline"/> moves each digest through, in order.</summary>
public sealed record DigestStages(
    IDigestClaimStage Claim,
    IDigestComposeStage Compose,
    IDigestLinkStage Links,
    IDigestRenderStage Render,
    IDigestSendStage Send,
    IDigestRecordStage Record);

/// <summary>Claim: takes due digests from the outbox a batch at a time, and holds them for this run (<see cref="DigestClaims"/>).</summary>
public interface IDigestClaimStage
{
    /// <summary>Claimed batches until none is left or <paramref name="stop"/> fires (checked between batches only).</summary>
    IAsyncEnumerable<IReadOnlyList<DigestRecord>> ClaimAsync(CancellationToken stop);

    /// <summary>Renews a batch's claims in one go before its links are minted: the digests this run still holds.</summary>
    Task<IReadOnlyList<DigestEnvelope>> HoldAsync(IReadOnlyList<DigestEnvelope> batch);

    /// <summary>Renews one claim just before its message goes to the server: false means another node holds it now.</summary>
    Task<bool> RenewAsync(long digestId);

    /// <summary>The digest's outcome is recorded: a later claim of it is a new one.</summary>
    void Answered(long digestId);
}

/// <summary>Compose: reads what each claimed digest covers and says it (<see cref="DigestContents"/>); reads the outbox, writes nothing.</summary>
public interface IDigestComposeStage
{
    /// <summary>One envelope per claimed digest, in order; one with no papers left is not to be sent.</summary>
    Task<IReadOnlyList<DigestEnvelope>> ComposeAsync(IReadOnlyList<DigestRecord> claimed, CancellationToken ct);
}

/// <summary>Links: mints each digest's token, Message-Id and bounce address, and stores what must exist before the mail does.</summary>
public interface IDigestLinkStage
{
    /// <summary>One <see cref="DigestLinks"/> per envelope, in order.</summary>
    Task<IReadOnlyList<DigestLinks>> MintAsync(IReadOnlyList<DigestEnvelope> batch, CancellationToken ct);
}

/// <summary>Render: turns a composed digest and its links into the message to send (templates, MIME, DKIM); no store.</summary>
public interface IDigestRenderStage
{
    Task<MimeMessage> RenderAsync(DigestEnvelope envelope, DigestLinks links, CancellationToken ct);
}

/// <summary>
/// Send: one run's way to the SMTP server; no store. It may judge outcomes across the run (a relay that refuses
/// everyone turns into a fatal outcome), so each run has its own (<see cref="IDigestSender.StartRun"/>).
/// </summary>
public interface IDigestSendStage : IDisposable
{
    /// <summary>Completes when the server has answered for the message (or it could not be sent).</summary>
    Task<DeliveryResult> SendAsync(MimeMessage message, MailboxAddress? envelopeSender, CancellationToken ct);
}

/// <summary>Where runs get their send stage.</summary>
public interface IDigestSender
{
    IDigestSendStage StartRun();
}

/// <summary>Record: writes each digest's outcome to the outbox as it arrives (<see cref="DigestOutcomes"/>).</summary>
public interface IDigestRecordStage
{
    Task RecordAsync(DigestRecord digest, DigestSendResult sent);

    /// <summary>Everything the digest covered went away (alerts edited or deleted since planning): it is never mailed.</summary>
    Task NothingLeftAsync(DigestRecord digest);
}
