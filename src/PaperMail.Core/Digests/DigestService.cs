using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperMail.Core.Delivery;
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
    TrendingPlanner? trending = null)
{
    public const int BatchSize = 100;

    /// <summary>A digest still "sending" after this long belongs to a process that died.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    public async Task<DigestRun> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (daily, weekly) = (DigestSchedule.DueDailyPeriod(now, options.Value), DigestSchedule.DueWeeklyPeriod(now, options.Value));
        // Top alerts pick now, at the send hour or later: the upvote counts are the latest the store holds.
        IReadOnlyList<PlannedPick> picks = trending is null || (daily is null && weekly is null) ? [] : await trending.PickAsync(daily, weekly, ct);
        var planned = await store.PlanAsync(daily, weekly, now, picks, ct);
        // This run's digests not answered yet, with their attempt counts.
        var inFlight = new ConcurrentDictionary<long, int>();
        var outcomes = new ConcurrentQueue<(DigestState State, DeliveryResult Result)>();
        // Deliveries are recorded in groups: one transaction for all that finished while the previous one committed.
        await using (var sentLog = new GroupCommit<(long DigestId, string MessageId)>(sent => store.MarkSentAsync(sent, clock.GetUtcNow(), CancellationToken.None)))
        {
            await mailer.SendAsync(ClaimAndComposeAsync(inFlight, CancellationToken.None), async sent =>
            {
                inFlight.TryGetValue(sent.DigestId, out var attempts);
                outcomes.Enqueue((await RecordAsync(sent, attempts, sentLog), sent.Result));
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
            // The sender's configuration is wrong (a 5xx on MAIL FROM, refused authentication…): not the subscribers' fault.
            throw new DigestDeliveryStoppedException(fatal);
        }
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
        ConcurrentDictionary<long, int> inFlight, [EnumeratorCancellation] CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var reclaimed = await store.ClaimAsync(now, now - ClaimTimeout, BatchSize, CancellationToken.None);
            if (reclaimed.Count == 0) yield break;
            var claimed = reclaimed.Where(d => inFlight.TryAdd(d.Id, d.Attempts)).ToList();
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
                await store.MarkRetryOrFailedAsync(digest.Id, "nothing left to send", clock.GetUtcNow(), maxAttempts: 0, CancellationToken.None);
                inFlight.TryRemove(digest.Id, out _);
            }
            if (envelopes.Count > 0) yield return envelopes;
        }
    }

    /// <summary>Writes one outcome to the outbox and says which state the digest is in now.</summary>
    private async Task<DigestState> RecordAsync(DigestSendResult sent, int attempts, GroupCommit<(long DigestId, string MessageId)> sentLog)
    {
        // Outcomes are recorded even when the job is being stopped: the mail has already gone (or not).
        var (digestId, messageId, result) = sent;
        var now = clock.GetUtcNow();
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                await sentLog.WriteAsync((digestId, messageId));
                return DigestState.Sent;
            case DeliveryOutcome.TransientFailure:
                await store.MarkRetryOrFailedAsync(digestId, result.ToString(), now + Backoff(attempts), options.Value.MaxAttempts, CancellationToken.None);
                return attempts >= options.Value.MaxAttempts ? DigestState.Failed : DigestState.Pending;
            case DeliveryOutcome.RecipientRejected:
                await store.MarkSuppressedAsync(digestId, result.ToString(), now, CancellationToken.None);
                return DigestState.Suppressed;
            case DeliveryOutcome.MessageRejected:
                await store.MarkRetryOrFailedAsync(digestId, result.ToString(), now, maxAttempts: 0, CancellationToken.None);
                return DigestState.Failed;
            default:
                // A configuration problem or a message never attempted: back to the queue untouched.
                await store.ReleaseAsync(digestId, result.ToString(), CancellationToken.None);
                return DigestState.Pending;
        }
    }

    /// <summary>5 minutes, doubling per attempt, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(5 * Math.Pow(2, Math.Max(0, attempts - 1)), 360));

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest run: {Planned} planned, {Sent} sent, {Retrying} to retry, {Failed} failed, {Suppressed} suppressed")]
    private partial void LogRun(int planned, int sent, int retrying, int failed, int suppressed);
}

/// <summary>The batch stopped on a configuration problem; the message carries the server's reply.</summary>
public sealed class DigestDeliveryStoppedException(DeliveryResult result)
    : Exception($"Digest delivery stopped: {result}. Check PaperMail:Smtp (sender address, credentials, TLS).")
{
    public DeliveryResult Result { get; } = result;
}
