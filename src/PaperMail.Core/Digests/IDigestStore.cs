using System.Runtime.CompilerServices;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Trending;

namespace PaperMail.Core.Digests;

public enum DigestState
{
    Pending,
    Sending,
    Sent,
    Failed,
    Suppressed,
}

/// <summary>One outbox row: the digest of one subscriber for one period.</summary>
public sealed record DigestRecord(
    long Id, long SubscriberId, string Email, string Frequency, string Period, DigestState State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>
/// An (alert, paper) pair a digest covers, with the paper and the alert's query: a match of a query alert, or a pick of
/// a top alert (<paramref name="AlertTopN"/> set), which carries its <paramref name="Trend"/> and no hits of its own.
/// A similar-papers alert's match has <paramref name="SimilarLabel"/> (what the reader calls the alert) and its reason as its hit.
/// </summary>
public sealed record DigestItem(
    long AlertId, string AlertQuery, Paper Paper, double Relevance, double Score, IReadOnlyList<TermHit> Hits,
    int? AlertTopN = null, TrendingReason? Trend = null, string? SimilarLabel = null);

/// <summary>Why a top alert picked a paper: its rank among the day's or week's papers and its upvotes when planned.</summary>
public sealed record TrendingReason(int Rank, int Upvotes, bool Weekly)
{
    /// <summary>"#3 of the day, 41 upvotes".</summary>
    public override string ToString() => $"#{Rank} of the {(Weekly ? "week" : "day")}, {Upvotes} {(Upvotes == 1 ? "upvote" : "upvotes")}";
}

/// <summary>The outbox. Implementations keep their SQL inside; one row per (subscriber, period).</summary>
public interface IDigestStore
{
    /// <summary>
    /// Creates one slice of the due digests, in a transaction of its own: for the next few hundred active subscribers
    /// after <paramref name="after"/> (by id) whose period is due and who have no digest for it yet, one pending digest
    /// covering every match of the last <see cref="DigestSchedule.MatchesExpireAfter"/> whose paper has not reached the
    /// address and is not on its way there in an earlier unsent digest (through any alert). Top alerts' picks among
    /// <paramref name="trending"/> count too, with their rank and upvotes, and make a digest for a subscriber who had no
    /// matches. Only the subscribers of <see cref="Scheduling.DuePeriods.TimeZone"/> (null: those who chose none), with
    /// that zone's periods, unless <see cref="Scheduling.DuePeriods.Everyone"/>. Idempotent. A run plans slice by slice
    /// while it sends, so its first digests go out at once and its planning never holds the database long.
    /// </summary>
    Task<PlannedSlice> PlanSliceAsync(Scheduling.DuePeriods due, DateTimeOffset now, IReadOnlyList<PlannedPick> trending, long after, CancellationToken ct = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> digests to send now: pending ones whose retry time has come, and ones left
    /// "sending" by a process that died (claimed before <paramref name="staleBefore"/>). Each claim counts an attempt.
    /// </summary>
    /// <param name="claimedBy">The node claiming (<see cref="DigestOptions.NodeName"/>), so that it can release its own claims after a crash.</param>
    Task<IReadOnlyList<DigestRecord>> ClaimAsync(DateTimeOffset now, DateTimeOffset staleBefore, int limit, string? claimedBy = null, CancellationToken ct = default);

    /// <summary>
    /// Renews this claimer's claims just before their emails go to the server, in one statement: a digest whose claim
    /// went stale and was taken by another node (or that is no longer "sending") is not renewed, and must not be sent.
    /// Returns the ids whose claims were renewed.
    /// </summary>
    Task<IReadOnlySet<long>> RenewClaimsAsync(IReadOnlyCollection<long> digestIds, string claimedBy, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Puts back the digests an earlier life of node <paramref name="nodeName"/> left "sending" (claimed as
    /// <c>{nodeName}#{another instance}</c>): that process is gone, so they need not wait out the claim timeout. Claims
    /// of <paramref name="liveClaimer"/> (this process) stay. Returns how many.
    /// </summary>
    Task<int> ReleaseDeadClaimsAsync(string nodeName, string liveClaimer, CancellationToken ct = default);

    /// <summary>
    /// What each digest covers, by digest id (a digest with nothing left is absent). A paper several digests cover is
    /// read once and shared: a batch of subscribers of one day's papers mostly holds the same few dozen.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<DigestItem>>> GetItemsAsync(IReadOnlyCollection<long> digestIds, CancellationToken ct = default);

    // Claim checks: given claimedBy (the claimer passed to ClaimAsync), an update below changes a digest only while it is
    // still "sending" under that claim. A slow process whose claim went stale and was taken over by another then changes
    // nothing: it cannot flip a digest the other one sent (or is sending). Null skips the check (tests, tools).

    /// <summary>Marks digests sent and, in the same transaction, every paper they cover as mailed to the address.</summary>
    Task MarkSentAsync(IReadOnlyList<(long DigestId, string MessageId)> digests, DateTimeOffset now, CancellationToken ct = default, string? claimedBy = null);

    /// <summary>A transient failure: back to pending until <paramref name="retryAt"/>, or failed when attempts are used up.</summary>
    Task MarkRetryOrFailedAsync(long digestId, string error, DateTimeOffset retryAt, int maxAttempts, CancellationToken ct = default, string? claimedBy = null);

    /// <summary>The address refused mail (5xx on RCPT): the digest and the subscriber are suppressed.</summary>
    Task MarkSuppressedAsync(long digestId, string reason, DateTimeOffset now, CancellationToken ct = default, string? claimedBy = null);

    /// <summary>Puts a claimed digest back untouched (the batch stopped for a reason not the subscriber's).</summary>
    Task ReleaseAsync(long digestId, string error, CancellationToken ct = default, string? claimedBy = null);

    Task<DigestRecord?> GetAsync(long digestId, CancellationToken ct = default);

    /// <summary>Stores the hashes of digests' "view in browser" tokens, in one write (the tokens themselves are only in the emails).</summary>
    Task SetWebTokensAsync(IReadOnlyList<(long DigestId, string TokenHash)> tokens, CancellationToken ct = default);

    Task<DigestRecord?> FindByWebTokenAsync(string tokenHash, CancellationToken ct = default);

    /// <summary>The subscriber's matches of live alerts made since <paramref name="since"/>, newest first (for their Atom feed).</summary>
    Task<IReadOnlyList<(DateTimeOffset MatchedAt, DigestItem Item)>> GetRecentMatchesAsync(long subscriberId, DateTimeOffset since, int limit, CancellationToken ct = default);
}

public static class DigestStoreExtensions
{
    /// <summary>Plans every slice of <paramref name="due"/> in turn (see <see cref="IDigestStore.PlanSliceAsync"/>), yielding each once made.</summary>
    public static async IAsyncEnumerable<PlannedSlice> PlanSlicesAsync(this IDigestStore store, Scheduling.DuePeriods due, DateTimeOffset now,
        IReadOnlyList<PlannedPick> trending, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (long? after = 0; after is { } from;)
        {
            var slice = await store.PlanSliceAsync(due, now, trending, from, ct);
            yield return slice;
            after = slice.Through;
        }
    }

    /// <summary>Plans every slice of <paramref name="due"/> at once; how many digests were made.</summary>
    public static async Task<int> PlanAsync(this IDigestStore store, Scheduling.DuePeriods due, DateTimeOffset now,
        IReadOnlyList<PlannedPick> trending, CancellationToken ct = default)
    {
        var created = 0;
        await foreach (var slice in store.PlanSlicesAsync(due, now, trending, ct)) created += slice.Created;
        return created;
    }

    /// <summary>Plans every subscriber's digest for these periods, whatever their time zone.</summary>
    public static Task<int> PlanAsync(this IDigestStore store, string? dailyPeriod, string? weeklyPeriod, DateTimeOffset now,
        IReadOnlyList<PlannedPick> trending, CancellationToken ct = default) =>
        store.PlanAsync(new Scheduling.DuePeriods(null, dailyPeriod, weeklyPeriod) { Everyone = true }, now, trending, ct);

    /// <inheritdoc cref="PlanAsync(IDigestStore, string?, string?, DateTimeOffset, IReadOnlyList{PlannedPick}, CancellationToken)"/>
    public static Task<int> PlanAsync(this IDigestStore store, string? dailyPeriod, string? weeklyPeriod, DateTimeOffset now, CancellationToken ct = default) =>
        store.PlanAsync(dailyPeriod, weeklyPeriod, now, [], ct);

    /// <summary>What one digest covers.</summary>
    public static async Task<IReadOnlyList<DigestItem>> GetItemsAsync(this IDigestStore store, long digestId, CancellationToken ct = default) =>
        (await store.GetItemsAsync([digestId], ct)).GetValueOrDefault(digestId) ?? [];
}

/// <summary>What one slice of planning made, and the last subscriber id it covered (null: it reached the last).</summary>
public sealed record PlannedSlice(int Created, long? Through);
