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
/// One run of the <c>digest</c> job: plan the digests that are due, then move them through one
/// <see cref="DigestPipeline"/>: claim (<see cref="DigestClaims"/>), compose (<see cref="DigestContents"/>), links,
/// render and send (the host's stages), record (<see cref="DigestOutcomes"/>). Every state lives in the outbox, so a
/// second run or a run after a crash sends nothing twice; only a digest that was on the wire when the process died can
/// go out again (it is claimed again once stale).
/// </summary>
public sealed partial class DigestService(
    IDigestStore store,
    DigestComposer composer,
    IDigestLinkStage links,
    IDigestRenderStage renderer,
    IDigestSender sender,
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
        // Planned a slice of subscribers at a time, whenever nothing planned is left to claim: the first digests go out
        // at once instead of after the last is planned, and planning takes turns with the run's other writes.
        await using var planner = PlanSlicesAsync(clock.GetUtcNow(), ct).GetAsyncEnumerator(ct);
        var claims = new DigestClaims(store, clock, Claimer, TimeSpan.FromSeconds(options.Value.ClaimTimeoutSeconds), planner);
        var outcomes = new DigestOutcomes(store, bounces, deliveryStatus, options.Value, bounceOptions.Value, clock, Claimer);
        await using (claims)
        await using (outcomes)
        {
            using var send = sender.StartRun();
            var stages = new DigestStages(claims, new DigestContents(store, composer), links, renderer, send, outcomes);
            await DigestPipeline.RunAsync(stages, logger, DigestPipeline.DefaultRenderWorkers, ct);
        }

        var run = outcomes.Count(claims.Planned);
        LogRun(run.Planned, run.Sent, run.Retrying, run.Failed, run.Suppressed);
        if (outcomes.Fatal is { } fatal)
        {
            var kind = await outcomes.StoppedAsync(fatal);
            LogStopped(kind, Subscriptions.AddressHash.Scrub(fatal.ToString()));
            // The sender's configuration is wrong (a 5xx on MAIL FROM, refused authentication…): not the subscribers' fault.
            throw new DigestDeliveryStoppedException(fatal);
        }
        if (run.Sent > 0) await outcomes.DeliveredAsync();
        return run;
    }

    /// <summary>
    /// Plans every due digest a slice at a time, yielding how many each slice made: each time zone's subscribers with
    /// their own periods (their local date or week).
    /// </summary>
    private async IAsyncEnumerable<int> PlanSlicesAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct)
    {
        var zones = timeZones is null ? [null] : await timeZones.GetZonesOfActiveSubscribersAsync(ct);
        foreach (var due in SubscriberSendSchedule.Due(now, options.Value, zones))
        {
            // Top alerts pick now, at the send hour or later: the upvote counts are the latest the store holds.
            IReadOnlyList<PlannedPick> picks = trending is null ? [] : await trending.PickAsync(due.Daily, due.Weekly, ct);
            await foreach (var slice in store.PlanSlicesAsync(due, now, picks, ct)) yield return slice.Created;
        }
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
