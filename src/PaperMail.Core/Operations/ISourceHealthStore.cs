namespace PaperMail.Core.Operations;

/// <summary>How one source has fared: failures since a moment, failures in a row, and its latest error.</summary>
public sealed record SourceFailures(string Source, int RunsSince, int FailedSince, int FailedInARow, string? LastError, DateTimeOffset? LastErrorAt);

/// <summary>Source run history summed up per source, for the admin overview.</summary>
public interface ISourceHealthStore
{
    /// <summary>One row per source that has run at least once.</summary>
    Task<IReadOnlyList<SourceFailures>> GetFailuresAsync(DateTimeOffset since, CancellationToken ct = default);
}
