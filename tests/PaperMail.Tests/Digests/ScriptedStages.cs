using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Digests;

/// <summary>
/// The stages of <see cref="DigestPipeline"/> without a database, for driving the pipeline itself: digests are given in
/// batches (the claim stage checks for a stop between batches, as the real one does), composed as given, with fixed
/// links; rendering, claim renewal and recording do what the test says.
/// </summary>
public sealed class ScriptedStages(Func<CancellationToken, IAsyncEnumerable<IReadOnlyList<DigestEnvelope>>> batches)
    : IDigestClaimStage, IDigestComposeStage, IDigestLinkStage, IDigestRenderStage, IDigestRecordStage
{
    private readonly ConcurrentDictionary<long, DigestEnvelope> _claimed = new();

    /// <summary>Builds a digest's message.</summary>
    public required Func<DigestEnvelope, CancellationToken, Task<MimeMessage>> Build { get; init; }

    /// <summary>Each outcome recorded.</summary>
    public required Func<DigestSendResult, Task> OnResult { get; init; }

    /// <summary>Renews a claim just before sending; every claim holds unless the test says otherwise.</summary>
    public Func<long, Task<bool>> Renew { get; init; } = _ => Task.FromResult(true);

    /// <summary>Every digest of <paramref name="digests"/> in one batch.</summary>
    public static Func<CancellationToken, IAsyncEnumerable<IReadOnlyList<DigestEnvelope>>> OneBatch(IReadOnlyList<DigestEnvelope> digests) =>
        _ => new[] { digests }.ToAsyncEnumerable();

    /// <summary>The stages, sending through <paramref name="pool"/>.</summary>
    public DigestStages Through(ISmtpDelivery pool) => new(this, this, this, this, new PoolSendStage(pool), this);

    public async IAsyncEnumerable<IReadOnlyList<DigestRecord>> ClaimAsync([EnumeratorCancellation] CancellationToken stop)
    {
        await foreach (var batch in batches(stop).WithCancellation(stop))
        {
            foreach (var envelope in batch) _claimed[envelope.Digest.Id] = envelope;
            yield return [.. batch.Select(e => e.Digest)];
        }
    }

    public Task<IReadOnlyList<DigestEnvelope>> ComposeAsync(IReadOnlyList<DigestRecord> claimed, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DigestEnvelope>>([.. claimed.Select(d => _claimed[d.Id])]);

    public Task<IReadOnlyList<DigestEnvelope>> HoldAsync(IReadOnlyList<DigestEnvelope> batch) => Task.FromResult(batch);

    public Task<bool> RenewAsync(long digestId) => Renew(digestId);

    public void Answered(long digestId)
    {
    }

    public Task<IReadOnlyList<DigestLinks>> MintAsync(IReadOnlyList<DigestEnvelope> batch, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DigestLinks>>([.. batch.Select(e => Links(e.Digest.Id))]);

    public Task<MimeMessage> RenderAsync(DigestEnvelope envelope, DigestLinks links, CancellationToken ct) => Build(envelope, ct);

    public Task RecordAsync(DigestRecord digest, DigestSendResult sent) => OnResult(sent);

    public Task NothingLeftAsync(DigestRecord digest) => throw new InvalidOperationException($"digest {digest.Id} has no papers");

    public static DigestLinks Links(long digestId)
    {
        var link = $"https://papermail.example/manage/d{digestId}";
        return new DigestLinks(link, link, link, link + "#feed", $"<d{digestId}@papermail.example>", null);
    }
}

/// <summary>A send stage that is the SMTP pool as it is (no relay watch).</summary>
public sealed class PoolSendStage(ISmtpDelivery pool) : IDigestSendStage
{
    public Task<DeliveryResult> SendAsync(MimeMessage message, MailboxAddress? envelopeSender, CancellationToken ct) =>
        envelopeSender is null ? pool.SendAsync(message, ct) : pool.SendFromAsync(message, envelopeSender, ct);

    public void Dispose()
    {
    }
}
