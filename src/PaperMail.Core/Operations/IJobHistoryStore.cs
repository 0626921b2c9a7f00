namespace PaperMail.Core.Operations;

/// <summary>The recurring jobs whose freshness readiness watches.</summary>
public enum WatchedJob
{
    Ingest,
    Match,
    Digest,
}

/// <summary>When each recurring job last did its work, read from PaperMail's own records (not from the scheduler).</summary>
public interface IJobHistoryStore
{
    /// <summary>
    /// The start of the latest successful run: a source run that finished and fetched something or had no error, a
    /// match run that finished without error, a digest run recorded by <see cref="RecordDigestRunAsync"/>.
    /// </summary>
    Task<DateTimeOffset?> GetLastSuccessAsync(WatchedJob job, CancellationToken ct = default);

    /// <summary>Notes a digest run that ended without error (a run with nobody to mail leaves no other trace).</summary>
    Task RecordDigestRunAsync(DateTimeOffset startedAt, CancellationToken ct = default);
}
