namespace PaperMail.Core.Ingestion;

/// <summary>One run of one source, as recorded for the operator.</summary>
public sealed record SourceRun
{
    public long Id { get; init; }
    public required string Source { get; init; }
    public required string Kind { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int Fetched { get; init; }
    public int New { get; init; }
    public int Changed { get; init; }
    public int Unchanged { get; init; }
    /// <summary>Revisions of papers PaperMail never stored (arXiv RSS <c>replace</c>): not errors.</summary>
    public int Ignored { get; init; }
    /// <summary>Items that could not be used; each one is logged with its reason.</summary>
    public int Skipped { get; init; }
    public string? Error { get; init; }
}

/// <summary>The record of source runs.</summary>
public interface ISourceRunStore
{
    Task<long> StartAsync(string source, string kind, DateTimeOffset startedAt, CancellationToken ct = default);

    Task FinishAsync(SourceRun run, CancellationToken ct = default);

    /// <summary>The latest run of each source that has run at least once.</summary>
    Task<IReadOnlyList<SourceRun>> GetLatestPerSourceAsync(CancellationToken ct = default);
}
