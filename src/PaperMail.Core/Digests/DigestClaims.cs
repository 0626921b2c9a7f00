using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace PaperMail.Core.Digests;

/// <summary>
/// The claim stage of one digest run: claims due digests a batch at a time, and keeps the run's digests not answered
/// yet until their outcome is recorded. Touches the outbox's claims only.
/// </summary>
/// <remarks>
/// The pipeline reads batches ahead of sending, so behind a slow server this run's own digests can wait past
/// the claim timeout (<see cref="DigestOptions.ClaimTimeoutSeconds"/>) and be claimed again as if their process had died; those still in flight
/// are passed over (their claim is only renewed), never yielded twice. Another node may take them over all the same
/// while this one is alive: so a batch's claims are renewed before its links are minted (<see cref="HoldAsync"/>), and
/// each digest's claim just before its email goes to the server (<see cref="RenewAsync"/>); one whose claim is lost is
/// not sent by this node at all.
/// </remarks>
public sealed class DigestClaims(IDigestStore store, TimeProvider clock, string claimer, TimeSpan claimTimeout, IAsyncEnumerator<int>? planner = null)
    : IDigestClaimStage, IAsyncDisposable
{
    /// <summary>Digests the planner made while this run claimed (one slice of subscribers whenever nothing was left to claim).</summary>
    public int Planned { get; private set; }

    private readonly ConcurrentDictionary<long, DigestRecord> _inFlight = new();

    /// <summary>Renewals asked for while one is under way go to the database together, in the next statement.</summary>
    private readonly GroupCommit<(long DigestId, TaskCompletionSource<bool> Renewed)> _renewals =
        new(group => RenewGroupAsync(store, claimer, clock, group));

    public async IAsyncEnumerable<IReadOnlyList<DigestRecord>> ClaimAsync([EnumeratorCancellation] CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var reclaimed = await store.ClaimAsync(now, now - claimTimeout, DigestService.BatchSize, claimer, CancellationToken.None);
            if (reclaimed.Count == 0)
            {
                // Nothing left to claim: plan the next slice, if any, and claim what it made.
                if (planner is null || !await planner.MoveNextAsync()) yield break;
                Planned += planner.Current;
                continue;
            }
            var claimed = reclaimed.Where(d => _inFlight.TryAdd(d.Id, d)).ToList();
            if (claimed.Count > 0) yield return claimed;
        }
    }

    public async Task<IReadOnlyList<DigestEnvelope>> HoldAsync(IReadOnlyList<DigestEnvelope> batch)
    {
        if (batch.Count == 0) return batch;
        var renewed = await store.RenewClaimsAsync([.. batch.Select(e => e.Digest.Id)], claimer, clock.GetUtcNow(), CancellationToken.None);
        foreach (var lost in batch.Where(e => !renewed.Contains(e.Digest.Id))) _inFlight.TryRemove(lost.Digest.Id, out _);
        return [.. batch.Where(e => renewed.Contains(e.Digest.Id))];
    }

    /// <summary>
    /// True if this run still holds the digest. False: the claim went stale and another node took the digest over (or
    /// its outcome is already recorded), so this run must neither send it nor record an outcome for it; it is dropped.
    /// </summary>
    public async Task<bool> RenewAsync(long digestId)
    {
        var renewed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _renewals.WriteAsync((digestId, renewed));
        if (await renewed.Task) return true;
        _inFlight.TryRemove(digestId, out _);
        return false;
    }

    public void Answered(long digestId) => _inFlight.TryRemove(digestId, out _);

    private static async Task RenewGroupAsync(IDigestStore store, string claimer, TimeProvider clock,
        IReadOnlyList<(long DigestId, TaskCompletionSource<bool> Renewed)> group)
    {
        try
        {
            var renewed = await store.RenewClaimsAsync([.. group.Select(g => g.DigestId)], claimer, clock.GetUtcNow(), CancellationToken.None);
            foreach (var (digestId, result) in group) result.SetResult(renewed.Contains(digestId));
        }
        catch (Exception exception)
        {
            foreach (var (_, result) in group) result.SetException(exception);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _renewals.DisposeAsync();
}
