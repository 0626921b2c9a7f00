using Dapper;
using PaperMail.Core.Operations;

namespace PaperMail.Store.Shared;

public sealed class SourceHealthStore(IStoreDatabase database) : ISourceHealthStore
{
    public async Task<IReadOnlyList<SourceFailures>> GetFailuresAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // "In a row": errors after the latest run that finished cleanly (source_runs_source covers each lookup).
        var rows = await connection.QueryAsync<(string Source, long RunsSince, long FailedSince, long FailedInARow, string? LastError, long? LastErrorAt)>(
            new CommandDefinition("""
            SELECT s.source,
                   (SELECT COUNT(*) FROM source_runs r WHERE r.source = s.source AND r.started_at >= @since),
                   (SELECT COUNT(*) FROM source_runs r WHERE r.source = s.source AND r.started_at >= @since AND r.error IS NOT NULL),
                   (SELECT COUNT(*) FROM source_runs r WHERE r.source = s.source AND r.error IS NOT NULL
                        AND r.id > COALESCE((SELECT MAX(o.id) FROM source_runs o
                                             WHERE o.source = s.source AND o.finished_at IS NOT NULL AND o.error IS NULL), 0)),
                   (SELECT r.error FROM source_runs r WHERE r.source = s.source AND r.error IS NOT NULL ORDER BY r.id DESC LIMIT 1),
                   (SELECT r.started_at FROM source_runs r WHERE r.source = s.source AND r.error IS NOT NULL ORDER BY r.id DESC LIMIT 1)
            FROM (SELECT DISTINCT source FROM source_runs) s
            ORDER BY s.source
            """, new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return [.. rows.Select(r => new SourceFailures(r.Source, (int)r.RunsSince, (int)r.FailedSince, (int)r.FailedInARow, r.LastError,
            r.LastErrorAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null))];
    }
}
