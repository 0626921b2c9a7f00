using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;
using PaperMail.Core.Scheduling;
using PaperMail.Core.Trending;

namespace PaperMail.Core.Digests;

/// <summary>Counts of one digest run.</summary>
public sealed record DigestRun(int Planned, int Sent, int Retrying, int Failed, int Suppressed);

/// <summary>
/// One run of the <c>digest</c> job: plan the digests that are due, then claim and compose them in batches, which the
/// mailer sends while the next batch is being composed, and record each outcome. Every state lives in the outbox, so
/// a second run or a run after a crash sends nothing twice; only a digest that was on the wire when the process died
/// can go out again (it is claimed again once stale).
/// </summary>
public sealed partial class DigestService(
    IDigestStore store,
    DigestComposer composer,
    IDigestMailer mailer,
    IOptions<DigestOptions> options,
    TimeProvider clock,
    ILogger<DigestService> logger,
    IBounceStore bounces,
    IDeliveryStatusStore deliveryStatus,
    IOptions<BounceOptions> bounceOptions,
    TrendingPlanner? trending = null,
    ISubscriberTimeZoneStore? timeZones = null)
{
    public const int BatchSize = 100;

    /// <summary>A digest still "sending" after this long belongs to a process that died (the default of <see cref="DigestOptions.ClaimTimeoutSeconds"/>).</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    /// <summary>This process, among the lives of its node: claims are made as <c>{NodeName}#{Instance}</c>.</summary>
    public static readonly string Instance = Guid.NewGuid().ToString("N")[..12];

    private string Claimer => $"{options.Value.NodeName}#{Instance}";

    public async Task<DigestRun> RunAsync(CancellationToken ct)
    {
        var released = await store.ReleaseDeadClaimsAsync(options.Value.NodeName, Claimer, ct);
        if (released > 0) LogReleased(released);
        var now = clock.GetUtcNow();
        var planned = 0;
        // Each time zone's subscribers have their own periods (their local date or week).
        var zones = timeZones is null ? [null] : await timeZones.GetZonesOfActiveSubscribersAsync(ct);
        foreach (var due in SubscriberSendSchedule.Due(now, options.Value, zones))
        {
            // Top alerts pick now, at the send hour or later: the upvote counts are the latest the store holds.
            IReadOnlyList<PlannedPick> picks = trending is null ? [] : await trending.PickAsync(due.Daily, due.Weekly, ct);
            planned += await store.PlanAsync(due, now, picks, ct);
        }
        // This run's digests not answered yet, with their attempt counts.
        var inFlight = new ConcurrentDictionary<long, DigestRecord>();
        var outcomes = new ConcurrentQueue<(DigestState State, DeliveryResult Result)>();
        // Digests refused for a reason not the recipient's: given back if the relay turns out to refuse everyone.
        var notTheirs = new ConcurrentQueue<(long DigestId, DeliveryResult Result)>();
        // Deliveries are recorded in groups: one transaction for all that finished while the previous one committed.
        await using (var sentLog = new GroupCommit<(long DigestId, string MessageId)>(sent => store.MarkSentAsync(sent, clock.GetUtcNow(), CancellationToken.None, Claimer)))
        {
            await mailer.SendAsync(ClaimAndComposeAsync(inFlight, CancellationToken.None), async sent =>
            {
                inFlight.TryGetValue(sent.DigestId, out var digest);
                outcomes.Enqueue((await RecordAsync(sent, digest, sentLog, notTheirs), sent.Result));
                inFlight.TryRemove(sent.DigestId, out _);
            }, ct);
        }

        var run = new DigestRun(
            planned,
            outcomes.Count(o => o.State == DigestState.Sent),
            outcomes.Count(o => o.State == DigestState.Pending && o.Result.Outcome == DeliveryOutcome.TransientFailure),
            outcomes.Count(o => o.State == DigestState.Failed),
            outcomes.Count(o => o.State == DigestState.Suppressed));
        LogRun(run.Planned, run.Sent, run.Retrying, run.Failed, run.Suppressed);
        var fatal = outcomes.Select(o => o.Result).FirstOrDefault(r => r.Outcome == DeliveryOutcome.FatalConfiguration);
        if (fatal is not null)
        {
            await StoppedAsync(fatal, notTheirs);
            // The sender's configuration is wrong (a 5xx on MAIL FROM, refused authentication…): not the subscribers' fault.
            throw new DigestDeliveryStoppedException(fatal);
        }
        if (run.Sent > 0) await deliveryStatus.ClearProblemAsync(CancellationToken.None);
        return run;
    }

    /// <summary>
    /// Claims due digests a batch at a time and composes them, until none is left or <paramref name="stop"/> fires
    /// (checked between batches only: a claimed batch is always yielded whole, so each of its digests gets an outcome).
    /// </summary>
    /// <remarks>
    /// The mailer reads batches ahead of sending, so behind a slow server this run's own digests can wait past
    /// <see cref="ClaimTimeout"/> and be claimed again as if their process had died; those still in
    /// <paramref name="inFlight"/> are passed over (their claim is only renewed), never yielded twice.
    /// </remarks>
    private async IAsyncEnumerable<IReadOnlyList<DigestEnvelope>> ClaimAndComposeAsync(
        ConcurrentDictionary<long, DigestRecord> inFlight, [EnumeratorCancellation] CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var reclaimed = await store.ClaimAsync(now, now - TimeSpan.FromSeconds(options.Value.ClaimTimeoutSeconds), BatchSize, Claimer, CancellationToken.None);
            if (reclaimed.Count == 0) yield break;
            var claimed = reclaimed.Where(d => inFlight.TryAdd(d.Id, d)).ToList();
            var items = await store.GetItemsAsync([.. claimed.Select(d => d.Id)], CancellationToken.None);
            var highlights = new HighlightCache();
            var envelopes = new List<DigestEnvelope>(claimed.Count);
            foreach (var digest in claimed)
            {
                var content = composer.Compose(items.GetValueOrDefault(digest.Id) ?? [], highlights);
                if (content.Papers.Count > 0)
                {
                    envelopes.Add(new DigestEnvelope(digest, content));
                    continue;
                }
                // Everything it covered went away (alerts edited or deleted since planning): never mail an empty digest.
                await store.MarkRetryOrFailedAsync(digest.Id, "nothing left to send", clock.GetUtcNow(), maxAttempts: 0, CancellationToken.None, Claimer);
                inFlight.TryRemove(digest.Id, out _);
            }
            if (envelopes.Count > 0) yield return envelopes;
        }
    }

    /// <summary>Writes one outcome to the outbox and says which state the digest is in now.</summary>
    private async Task<DigestState> RecordAsync(DigestSendResult sent, DigestRecord? digest, GroupCommit<(long DigestId, string MessageId)> sentLog,
        ConcurrentQueue<(long DigestId, DeliveryResult Result)> notTheirs)
    {
        // Outcomes are recorded even when the job is being stopped: the mail has already gone (or not).
        var (digestId, messageId, result) = sent;
        var attempts = digest?.Attempts ?? 0;
        var now = clock.GetUtcNow();
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                await sentLog.WriteAsync((digestId, messageId));
                return DigestState.Sent;
            case DeliveryOutcome.TransientFailure:
                await store.MarkRetryOrFailedAsync(digestId, result.ToString(), now + Backoff(attempts), options.Value.MaxAttempts, CancellationToken.None, Claimer);
                if (attempts < options.Value.MaxAttempts) return DigestState.Pending;
                // A recipient's server that said "later" until the retries ran out: a soft bounce.
                if (digest is not null && result.StatusCode is >= 450 and < 500)
                {
                    await RecordBounceAsync(digest, BounceVerdict.Soft, result, $"smtp:{digestId}:expired", now);
                }
                return DigestState.Failed;
            case DeliveryOutcome.RecipientRejected:
                return await RecordRejectionAsync(digest, digestId, result, now, notTheirs);
            case DeliveryOutcome.MessageRejected:
                await store.MarkRetryOrFailedAsync(digestId, result.ToString(), now, maxAttempts: 0, CancellationToken.None, Claimer);
                return DigestState.Failed;
            default:
                // A configuration problem or a message never attempted: back to the queue untouched.
                await store.ReleaseAsync(digestId, result.ToString(), CancellationToken.None, Claimer);
                return DigestState.Pending;
        }
    }

    /// <summary>
    /// A 5xx on RCPT, judged on its enhanced status code: the recipient's own (hard) suppresses them; a soft one is
    /// counted; a refusal aimed at the relay or the message fails this digest only, and is remembered in case the relay
    /// turns out to refuse everyone.
    /// </summary>
    private async Task<DigestState> RecordRejectionAsync(DigestRecord? digest, long digestId, DeliveryResult result, DateTimeOffset now,
        ConcurrentQueue<(long DigestId, DeliveryResult Result)> notTheirs)
    {
        var verdict = FailureClassifier.Classify(result.StatusCode, null, result.Detail).Verdict;
        var suppressed = digest is not null && verdict is BounceVerdict.Hard or BounceVerdict.Soft
            && await RecordBounceAsync(digest, verdict, result, $"smtp:{digestId}:{digest.Attempts}", now) is BounceRecorded.Suppressed or BounceRecorded.AlreadySuppressed;
        if (suppressed)
        {
            await store.MarkSuppressedAsync(digestId, result.ToString(), now, CancellationToken.None, Claimer);
            return DigestState.Suppressed;
        }

        if (verdict == BounceVerdict.Ignore) notTheirs.Enqueue((digestId, result));
        await store.MarkRetryOrFailedAsync(digestId, result.ToString(), now, maxAttempts: 0, CancellationToken.None, Claimer);
        return DigestState.Failed;
    }

    private Task<BounceRecorded> RecordBounceAsync(DigestRecord digest, BounceVerdict verdict, DeliveryResult result, string eventKey, DateTimeOffset now)
    {
        var status = FailureClassifier.Classify(result.StatusCode, null, result.Detail).Status;
        return bounces.RecordAsync(new BounceEvent(digest.SubscriberId, verdict, status, result.Detail, "smtp", eventKey, now),
            bounceOptions.Value.SoftBounces, CancellationToken.None);
    }

    /// <summary>
    /// The run stopped on a configuration problem: says so on the admin overview and in the log, and, when the relay
    /// refused everyone alike, gives back the digests its first refusals failed, so the next run sends them.
    /// </summary>
    private async Task StoppedAsync(DeliveryResult fatal, ConcurrentQueue<(long DigestId, DeliveryResult Result)> notTheirs)
    {
        var kind = fatal.Problem ?? DeliveryProblemKinds.Configuration;
        if (kind == DeliveryProblemKinds.RelayRejects)
        {
            var key = RelayRejectionDetector.Key(fatal);
            foreach (var (digestId, result) in notTheirs.Where(n => RelayRejectionDetector.Key(n.Result) == key))
            {
                await store.ReleaseAsync(digestId, fatal.ToString(), CancellationToken.None, Claimer);
            }
        }

        await deliveryStatus.ReportProblemAsync(kind, fatal.ToString(), clock.GetUtcNow(), CancellationToken.None);
        LogStopped(kind, Subscriptions.AddressHash.Scrub(fatal.ToString()));
    }

    /// <summary>5 minutes, doubling per attempt, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(5 * Math.Pow(2, Math.Max(0, attempts - 1)), 360));

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest run: {Planned} planned, {Sent} sent, {Retrying} to retry, {Failed} failed, {Suppressed} suppressed")]
    private partial void LogRun(int planned, int sent, int retrying, int failed, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave back {Count} digests an earlier run of this node left claimed when it stopped")]
    private partial void LogReleased(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest run stopped ({Kind}): {Reply}. The digests left wait for the next run.")]
    private partial void LogStopped(string kind, string reply);
}

/// <summary>The batch stopped on a configuration problem; the message carries the server's reply.</summary>
public sealed class DigestDeliveryStoppedException(DeliveryResult result)
    : Exception($"Digest delivery stopped: {Subscriptions.AddressHash.Scrub(result.ToString())}. Check PaperMail:Smtp (sender address, credentials, TLS).")
{
    public DeliveryResult Result { get; } = result;
}
