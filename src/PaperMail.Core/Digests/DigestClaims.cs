using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace PaperMail.Core.Digests;

/// <summary>
/// The claim and compose stages of one digest run: claims due digests a batch at a time and composes them, and keeps
/// the run's digests not answered yet (with their attempt counts) until their outcome is recorded.
/// </summary>
/// <remarks>
/// The mailer reads batches ahead of sending, so behind a slow server this run's own digests can wait past
/// the claim timeout (<see cref="DigestOptions.ClaimTimeoutSeconds"/>) and be claimed again as if their process had died; those still in flight
/// are passed over (their claim is only renewed), never yielded twice. Another node may take them over all the same
/// while this one is alive: so each digest's claim is renewed just before its email goes to the server
/// (<see cref="RenewAsync"/>), and one whose claim is lost is not sent by this node at all.
/// </remarks>
public sealed class DigestClaims(IDigestStore store, DigestComposer composer, TimeProvider clock, string claimer, TimeSpan claimTimeout) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, DigestRecord> _inFlight = new();

    /// <summary>Renewals asked for while one is under way go to the database together, in the next statement.</summary>
    private readonly GroupCommit<(long DigestId, TaskCompletionSource<bool> Renewed)> _renewals =
        new(group => RenewGroupAsync(store, claimer, clock, group));

    /// <summary>
    /// Claims and composes until none is left or <paramref name="stop"/> fires (checked between batches only: a claimed
    /// batch is always yielded whole, so each of its digests gets an outcome).
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<DigestEnvelope>> ClaimAndComposeAsync([EnumeratorCancellation] CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var reclaimed = await store.ClaimAsync(now, now - claimTimeout, DigestService.BatchSize, claimer, CancellationToken.None);
            if (reclaimed.Count == 0) yield break;
            var claimed = reclaimed.Where(d => _inFlight.TryAdd(d.Id, d)).ToList();
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
                await store.MarkRetryOrFailedAsync(digest.Id, "nothing left to send", clock.GetUtcNow(), maxAttempts: 0, CancellationToken.None, claimer);
                _inFlight.TryRemove(digest.Id, out _);
            }
            if (envelopes.Count > 0) yield return envelopes;
        }
    }

    /// <summary>The claimed digest, while its outcome is not recorded yet.</summary>
    public DigestRecord? InFlight(long digestId) => _inFlight.GetValueOrDefault(digestId);

    /// <summary>Its outcome is recorded: a later claim of it is a new one.</summary>
    public void Answered(long digestId) => _inFlight.TryRemove(digestId, out _);

    /// <summary>
    /// Renews the digest's claim just before its email is handed to the server: true if this run still holds it. False:
    /// the claim went stale and another node took the digest over (or its outcome is already recorded), so this run
    /// must neither send it nor record an outcome for it; it is dropped from the run.
    /// </summary>
    public async Task<bool> RenewAsync(long digestId)
    {
        var renewed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _renewals.WriteAsync((digestId, renewed));
        if (await renewed.Task) return true;
        _inFlight.TryRemove(digestId, out _);
        return false;
    }

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
