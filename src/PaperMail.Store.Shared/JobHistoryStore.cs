using Dapper;
using PaperMail.Core.Operations;

namespace PaperMail.Store.Shared;

public sealed class JobHistoryStore(IStoreDatabase database) : IJobHistoryStore
{
    private const string DigestRunName = "digest:last_success";

    public async Task<DateTimeOffset?> GetLastSuccessAsync(WatchedJob job, CancellationToken ct = default)
    {
        var sql = job switch
        {
            // A source that fetched items despite a fault (one bad item, a late error) still did its work.
            WatchedJob.Ingest => "SELECT MAX(started_at) FROM source_runs WHERE finished_at IS NOT NULL AND (error IS NULL OR fetched > 0)",
            WatchedJob.Match => "SELECT MAX(started_at) FROM match_runs WHERE finished_at IS NOT NULL AND error IS NULL",
            WatchedJob.Digest => $"SELECT value FROM job_state WHERE name = '{DigestRunName}'",
            _ => throw new ArgumentOutOfRangeException(nameof(job)),
        };
        await using var connection = await database.OpenAsync(ct);
        var ms = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, cancellationToken: ct));
        return ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }

    public async Task RecordDigestRunAsync(DateTimeOffset startedAt, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var at = startedAt.ToUnixTimeMilliseconds();
        // The larger value wins, so the record does not go back when an older run finishes after a newer one.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO job_state (name, value, updated_at) VALUES (@name, @at, @at)
            ON CONFLICT (name) DO UPDATE SET
                value = CASE WHEN job_state.value > excluded.value THEN job_state.value ELSE excluded.value END,
                updated_at = excluded.updated_at
            """, new { name = DigestRunName, at }, cancellationToken: ct));
    }
}
