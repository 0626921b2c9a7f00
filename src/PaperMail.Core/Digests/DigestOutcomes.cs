using System.Collections.Concurrent;
using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;

namespace PaperMail.Core.Digests;

/// <summary>
/// The record stage of one digest run: writes each outcome to the outbox as it arrives (deliveries in groups, one
/// transaction for all that finished while the previous one committed), counts them, and, when the run stops on a
/// configuration problem, says so and gives back what the relay refused of everyone alike.
/// </summary>
public sealed class DigestOutcomes : IDigestRecordStage, IAsyncDisposable
{
    private readonly IDigestStore _store;
    private readonly IBounceStore _bounces;
    private readonly IDeliveryStatusStore _deliveryStatus;
    private readonly DigestOptions _options;
    private readonly BounceOptions _bounceOptions;
    private readonly TimeProvider _clock;
    /// <summary>Who claimed this run's digests: an outcome only changes a digest still held under that claim.</summary>
    private readonly string _claimer;
    private readonly GroupCommit<(long DigestId, string MessageId)> _sentLog;
    private readonly ConcurrentQueue<(DigestState State, DeliveryResult Result)> _outcomes = new();

    /// <summary>Digests refused for a reason not the recipient's: given back if the relay turns out to refuse everyone.</summary>
    private readonly ConcurrentQueue<(long DigestId, DeliveryResult Result)> _notTheirs = new();

    public DigestOutcomes(IDigestStore store, IBounceStore bounces, IDeliveryStatusStore deliveryStatus, DigestOptions options,
        BounceOptions bounceOptions, TimeProvider clock, string claimer)
    {
        (_store, _bounces, _deliveryStatus, _options, _bounceOptions, _clock, _claimer) = (store, bounces, deliveryStatus, options, bounceOptions, clock, claimer);
        _sentLog = new GroupCommit<(long, string)>(sent => store.MarkSentAsync(sent, clock.GetUtcNow(), CancellationToken.None, claimer));
    }

    /// <summary>Writes one outcome to the outbox (even when the job is being stopped: the mail has already gone, or not).</summary>
    /// <param name="digest">The claimed row, for its attempts and subscriber.</param>
    public async Task RecordAsync(DigestRecord digest, DigestSendResult sent) =>
        _outcomes.Enqueue((await RecordStateAsync(sent, digest), sent.Result));

    /// <summary>Not counted: no mail was due.</summary>
    public Task NothingLeftAsync(DigestRecord digest) =>
        _store.MarkRetryOrFailedAsync(digest.Id, "nothing left to send", _clock.GetUtcNow(), maxAttempts: 0, CancellationToken.None, _claimer);

    /// <summary>The counts of the run, once every outcome is recorded and this is disposed.</summary>
    public DigestRun Count(int planned) => new(
        planned,
        _outcomes.Count(o => o.State == DigestState.Sent),
        _outcomes.Count(o => o.State == DigestState.Pending && o.Result.Outcome == DeliveryOutcome.TransientFailure),
        _outcomes.Count(o => o.State == DigestState.Failed),
        _outcomes.Count(o => o.State == DigestState.Suppressed));

    /// <summary>The first reply that stopped the run (the sender's configuration is wrong), if any.</summary>
    public DeliveryResult? Fatal => _outcomes.Select(o => o.Result).FirstOrDefault(r => r.Outcome == DeliveryOutcome.FatalConfiguration);

    private async Task<DigestState> RecordStateAsync(DigestSendResult sent, DigestRecord? digest)
    {
        var (digestId, messageId, result) = sent;
        var attempts = digest?.Attempts ?? 0;
        var now = _clock.GetUtcNow();
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                await _sentLog.WriteAsync((digestId, messageId));
                return DigestState.Sent;
            case DeliveryOutcome.TransientFailure:
                await _store.MarkRetryOrFailedAsync(digestId, result.ToString(), now + DigestService.Backoff(attempts), _options.MaxAttempts, CancellationToken.None, _claimer);
                if (attempts < _options.MaxAttempts) return DigestState.Pending;
                // A recipient's server that said "later" until the retries ran out: a soft bounce.
                if (digest is not null && result.StatusCode is >= 450 and < 500)
                {
                    await RecordBounceAsync(digest, BounceVerdict.Soft, result, $"smtp:{digestId}:expired", now);
                }
                return DigestState.Failed;
            case DeliveryOutcome.RecipientRejected:
                return await RecordRejectionAsync(digest, digestId, result, now);
            case DeliveryOutcome.MessageRejected:
                await _store.MarkRetryOrFailedAsync(digestId, result.ToString(), now, maxAttempts: 0, CancellationToken.None, _claimer);
                return DigestState.Failed;
            default:
                // A configuration problem or a message never attempted: back to the queue untouched.
                await _store.ReleaseAsync(digestId, result.ToString(), CancellationToken.None, _claimer);
                return DigestState.Pending;
        }
    }

    /// <summary>
    /// A 5xx on RCPT, judged on its enhanced status code: the recipient's own (hard) suppresses them; a soft one is
    /// counted; a refusal aimed at the relay or the message fails this digest only, and is remembered in case the relay
    /// turns out to refuse everyone.
    /// </summary>
    private async Task<DigestState> RecordRejectionAsync(DigestRecord? digest, long digestId, DeliveryResult result, DateTimeOffset now)
    {
        var verdict = FailureClassifier.Classify(result.StatusCode, null, result.Detail).Verdict;
        var suppressed = digest is not null && verdict is BounceVerdict.Hard or BounceVerdict.Soft
            && await RecordBounceAsync(digest, verdict, result, $"smtp:{digestId}:{digest.Attempts}", now) is BounceRecorded.Suppressed or BounceRecorded.AlreadySuppressed;
        if (suppressed)
        {
            await _store.MarkSuppressedAsync(digestId, result.ToString(), now, CancellationToken.None, _claimer);
            return DigestState.Suppressed;
        }

        if (verdict == BounceVerdict.Ignore) _notTheirs.Enqueue((digestId, result));
        await _store.MarkRetryOrFailedAsync(digestId, result.ToString(), now, maxAttempts: 0, CancellationToken.None, _claimer);
        return DigestState.Failed;
    }

    private Task<BounceRecorded> RecordBounceAsync(DigestRecord digest, BounceVerdict verdict, DeliveryResult result, string eventKey, DateTimeOffset now)
    {
        var status = FailureClassifier.Classify(result.StatusCode, null, result.Detail).Status;
        return _bounces.RecordAsync(new BounceEvent(digest.SubscriberId, verdict, status, result.Detail, "smtp", eventKey, now),
            _bounceOptions.SoftBounces, CancellationToken.None);
    }

    /// <summary>
    /// The run stopped on a configuration problem: says so on the admin overview and, when the relay refused everyone
    /// alike, gives back the digests its first refusals failed, so the next run sends them. Returns the problem's kind.
    /// </summary>
    public async Task<string> StoppedAsync(DeliveryResult fatal)
    {
        var kind = fatal.Problem ?? DeliveryProblemKinds.Configuration;
        if (kind == DeliveryProblemKinds.RelayRejects)
        {
            var key = RelayRejectionDetector.Key(fatal);
            foreach (var (digestId, _) in _notTheirs.Where(n => RelayRejectionDetector.Key(n.Result) == key))
            {
                await _store.ReleaseAsync(digestId, fatal.ToString(), CancellationToken.None, _claimer);
            }
        }

        await _deliveryStatus.ReportProblemAsync(kind, fatal.ToString(), _clock.GetUtcNow(), CancellationToken.None);
        return kind;
    }

    /// <summary>A run delivered: whatever problem the overview showed is over.</summary>
    public Task DeliveredAsync() => _deliveryStatus.ClearProblemAsync(CancellationToken.None);

    /// <summary>Writes the deliveries still queued.</summary>
    public ValueTask DisposeAsync() => _sentLog.DisposeAsync();
}
