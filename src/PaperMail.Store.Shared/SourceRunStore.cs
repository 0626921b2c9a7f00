using Dapper;
using PaperMail.Core.Ingestion;

namespace PaperMail.Store.Shared;

public sealed class SourceRunStore(IStoreDatabase database) : ISourceRunStore
{
    public async Task<long> StartAsync(string source, string kind, DateTimeOffset startedAt, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO source_runs (source, kind, started_at) VALUES (@source, @kind, @startedAt) RETURNING id",
            new { source, kind, startedAt = startedAt.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task FinishAsync(SourceRun run, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE source_runs
            SET finished_at = @finishedAt, fetched = @Fetched, new = @New, changed = @Changed, unchanged = @Unchanged,
                ignored = @Ignored, skipped = @Skipped, error = @Error
            WHERE id = @Id
            """,
            new { run.Id, finishedAt = run.FinishedAt?.ToUnixTimeMilliseconds(), run.Fetched, run.New, run.Changed, run.Unchanged, run.Ignored, run.Skipped, run.Error },
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SourceRun>> GetLatestPerSourceAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT r.id AS Id, r.source AS Source, r.kind AS Kind, r.started_at AS StartedAt, r.finished_at AS FinishedAt,
                   r.fetched AS Fetched, r.new AS New, r.changed AS Changed, r.unchanged AS Unchanged, r.ignored AS Ignored,
                   r.skipped AS Skipped, r.error AS Error
            FROM source_runs r
            WHERE r.id = (SELECT MAX(id) FROM source_runs l WHERE l.source = r.source)
            ORDER BY r.source
            """, cancellationToken: ct));
        return [.. rows.Select(r => new SourceRun
        {
            Id = r.Id, Source = r.Source, Kind = r.Kind,
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
            FinishedAt = r.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            Fetched = (int)r.Fetched, New = (int)r.New, Changed = (int)r.Changed, Unchanged = (int)r.Unchanged,
            Ignored = (int)r.Ignored, Skipped = (int)r.Skipped, Error = r.Error,
        })];
    }

    private sealed record Row(long Id, string Source, string Kind, long StartedAt, long? FinishedAt, long Fetched, long New,
        long Changed, long Unchanged, long Ignored, long Skipped, string? Error);
}
