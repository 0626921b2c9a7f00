using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Job;

/// <summary>An alert the match job evaluates: confirmed, not paused, of an active subscriber.</summary>
public sealed record ActiveAlert(long Id, long SubscriberId, string Query, int? MinUpvotes, int Version, int BackfilledVersion)
{
    public bool NeedsBackfill => BackfilledVersion < Version;
}

/// <summary>A match to store: which alert, which paper, how well, and why.</summary>
public sealed record NewMatch(long AlertId, long SubscriberId, string PaperId, double Relevance, double Score, IReadOnlyList<TermHit> Hits);

/// <summary>A stored match, with what the digest and the admin need.</summary>
public sealed record StoredMatch(long AlertId, long SubscriberId, string PaperId, DateTimeOffset MatchedAt, double Relevance, double Score, IReadOnlyList<TermHit> Hits);

/// <summary>One run of the match job, as recorded for the operator.</summary>
public sealed record MatchRun
{
    public long Id { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int Alerts { get; init; }
    public int PapersEvaluated { get; init; }
    public int Backfilled { get; init; }
    public int MatchesAdded { get; init; }
    public string? Error { get; init; }
}

/// <summary>What the match job reads and writes. SQL stays in the implementation.</summary>
public interface IMatchStore
{
    Task<IReadOnlyList<ActiveAlert>> GetActiveAlertsAsync(CancellationToken ct = default);

    /// <summary>The change sequence up to which papers have been evaluated (0 before the first run).</summary>
    Task<long> GetWatermarkAsync(CancellationToken ct = default);

    /// <summary>
    /// In one transaction: stores the matches (an (alert, paper) pair already stored is left alone), moves the watermark
    /// forward when given, and marks alerts as back-filled at the given versions. A crash before the commit loses
    /// nothing: the next run redoes the same papers and the duplicates fall away.
    /// </summary>
    Task<int> SaveAsync(IReadOnlyList<NewMatch> matches, DateTimeOffset matchedAt, long? watermark,
        IReadOnlyList<(long AlertId, int Version)> backfilled, CancellationToken ct = default);

    Task<long> StartRunAsync(DateTimeOffset startedAt, CancellationToken ct = default);

    Task FinishRunAsync(MatchRun run, CancellationToken ct = default);

    Task<MatchRun?> GetLastRunAsync(CancellationToken ct = default);

    Task<IReadOnlyList<StoredMatch>> GetMatchesForAlertAsync(long alertId, CancellationToken ct = default);

    Task<long> CountAsync(CancellationToken ct = default);
}
