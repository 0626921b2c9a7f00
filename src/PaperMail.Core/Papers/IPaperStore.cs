
namespace PaperMail.Core.Papers;

/// <summary>Counts of what one upsert did.</summary>
public sealed record UpsertSummary(int New, int Changed, int Refreshed, int Unchanged, int Ignored)
{
    public static UpsertSummary Zero { get; } = new(0, 0, 0, 0, 0);

    public UpsertSummary Add(UpsertSummary o) =>
        new(New + o.New, Changed + o.Changed, Refreshed + o.Refreshed, Unchanged + o.Unchanged, Ignored + o.Ignored);
}

/// <summary>PaperMail's papers. Implementations keep SQL inside; features only see this.</summary>
public interface IPaperStore
{
    /// <summary>
    /// Merges the items into the store (see <see cref="PaperMerge"/>) in short write transactions. Duplicate ids within
    /// the list are merged in order. Re-running the same items changes nothing.
    /// </summary>
    Task<UpsertSummary> UpsertAsync(string sourceName, IReadOnlyList<IncomingPaper> papers, DateTimeOffset now, CancellationToken ct = default);

    Task<Paper?> GetAsync(string id, CancellationToken ct = default);

    Task<long> CountAsync(CancellationToken ct = default);

    Task<long> CountFirstSeenSinceAsync(DateTimeOffset since, CancellationToken ct = default);

    /// <summary>Papers whose <see cref="Paper.ChangeSeq"/> is greater than <paramref name="afterSeq"/>, in sequence order.</summary>
    Task<IReadOnlyList<Paper>> GetChangedAfterAsync(long afterSeq, int limit, CancellationToken ct = default);

    /// <summary>Papers first seen at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<Paper>> GetFirstSeenSinceAsync(DateTimeOffset since, int limit, CancellationToken ct = default);

    /// <summary>The most recent papers by publication (then first-seen) time, newest first.</summary>
    Task<IReadOnlyList<Paper>> GetRecentAsync(int limit, CancellationToken ct = default);

    /// <summary>Every upvote value recorded for the paper, oldest first.</summary>
    Task<IReadOnlyList<(DateTimeOffset ObservedAt, int Upvotes)>> GetUpvoteHistoryAsync(string id, CancellationToken ct = default);
}
