using System.Text.Json;
using Dapper;
using PaperMail.Core.Matching.Job;

namespace PaperMail.Store.Shared;

public sealed class MatchStore(IStoreDatabase database) : IMatchStore
{
    internal const string WatermarkName = "match.change_seq";

    public async Task<IReadOnlyList<ActiveAlert>> GetActiveAlertsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, long SubscriberId, string Query, long? MinUpvotes, long Version, long BackfilledVersion)>(new CommandDefinition("""
            SELECT a.id AS Id, a.subscriber_id AS SubscriberId, a.query AS Query, a.min_upvotes AS MinUpvotes,
                   a.version AS Version, a.backfilled_version AS BackfilledVersion
            FROM alerts a JOIN subscribers s ON s.id = a.subscriber_id
            -- Top alerts pick from a ranking when their digest is planned (TrendingPlanner); they keep no matches.
            -- Similar-papers alerts are matched by vector (SemanticMatcher), not by their optional keyword filter alone.
            WHERE a.state = 'active' AND a.paused = 0 AND s.state = 'active' AND a.top_n IS NULL AND a.similar_to IS NULL
            ORDER BY a.id
            """, cancellationToken: ct));
        return [.. rows.Select(r => new ActiveAlert(r.Id, r.SubscriberId, r.Query, (int?)r.MinUpvotes, (int)r.Version, (int)r.BackfilledVersion))];
    }

    public async Task<long> GetWatermarkAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT value FROM job_state WHERE name = @name", new { name = WatermarkName }, cancellationToken: ct)) ?? 0;
    }

    public async Task<int> SaveAsync(IReadOnlyList<NewMatch> matches, DateTimeOffset matchedAt, long? watermark,
        IReadOnlyList<(long AlertId, int Version)> backfilled, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var at = matchedAt.ToUnixTimeMilliseconds();
        var added = 0;
        // Chunks bound the size of one parameter; a statement each.
        foreach (var chunk in matches.Chunk(5000))
        {
            var rows = JsonSerializer.Serialize(chunk.Select(m => new { a = m.AlertId, p = m.PaperId, s = m.SubscriberId, r = m.Relevance, sc = m.Score, h = HitsJson.Write(m.Hits) }));
            // A match whose alert was deleted meanwhile (or whose subscriber left) is dropped rather than failing the batch.
            added += await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO matches (alert_id, paper_id, subscriber_id, matched_at, relevance, score, hits)
                SELECT m.alert_id, m.paper_id, m.subscriber_id, @at, m.relevance, m.score, m.hits
                FROM (SELECT CAST(r.value ->> 'a' AS BIGINT) AS alert_id, r.value ->> 'p' AS paper_id,
                             CAST(r.value ->> 's' AS BIGINT) AS subscriber_id, CAST(r.value ->> 'r' AS DOUBLE PRECISION) AS relevance,
                             CAST(r.value ->> 'sc' AS DOUBLE PRECISION) AS score, r.value ->> 'h' AS hits
                      FROM {database.Dialect.JsonRows("@rows")} AS r) AS m
                WHERE EXISTS (SELECT 1 FROM alerts a WHERE a.id = m.alert_id AND a.state = 'active')
                ON CONFLICT DO NOTHING
                """, new { at, rows }, tx, cancellationToken: ct));
        }
        if (watermark is { } value)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO job_state (name, value, updated_at) VALUES (@name, @value, @at)
                -- The higher of the two: a slower run finishing late does not move the watermark back.
                ON CONFLICT (name) DO UPDATE SET value = CASE WHEN excluded.value > job_state.value THEN excluded.value ELSE job_state.value END,
                                                 updated_at = excluded.updated_at
                """, new { name = WatermarkName, value, at }, tx, cancellationToken: ct));
        }
        if (backfilled.Count > 0)
        {
            // Only the version evaluated: an edit that landed meanwhile keeps its own back-fill pending. One statement
            // for them all: a statement per alert was a round trip per alert to a PostgreSQL server.
            await connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE alerts SET backfilled_version = b.version
                FROM (SELECT CAST(r.value ->> 'a' AS BIGINT) AS alert_id, MAX(CAST(r.value ->> 'v' AS BIGINT)) AS version
                      FROM {database.Dialect.JsonRows("@rows")} AS r
                      GROUP BY CAST(r.value ->> 'a' AS BIGINT)) AS b
                WHERE alerts.id = b.alert_id AND alerts.backfilled_version < b.version
                """, new { rows = JsonSerializer.Serialize(backfilled.Select(b => new { a = b.AlertId, v = b.Version })) }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return added;
    }

    public async Task<long> StartRunAsync(DateTimeOffset startedAt, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO match_runs (started_at) VALUES (@at) RETURNING id", new { at = startedAt.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task FinishRunAsync(MatchRun run, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE match_runs SET finished_at = @finishedAt, alerts = @Alerts, papers_evaluated = @PapersEvaluated,
                backfilled = @Backfilled, matches_added = @MatchesAdded, error = @Error
            WHERE id = @Id
            """,
            new { run.Id, finishedAt = run.FinishedAt?.ToUnixTimeMilliseconds(), run.Alerts, run.PapersEvaluated, run.Backfilled, run.MatchesAdded, run.Error },
            cancellationToken: ct));
    }

    public async Task<MatchRun?> GetLastRunAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, long StartedAt, long? FinishedAt, long Alerts, long PapersEvaluated, long Backfilled, long MatchesAdded, string? Error)>(
            new CommandDefinition("""
                SELECT id, started_at, finished_at, alerts, papers_evaluated, backfilled, matches_added, error
                FROM match_runs ORDER BY id DESC LIMIT 1
                """, cancellationToken: ct));
        if (row.Id == 0) return null;
        return new MatchRun
        {
            Id = row.Id,
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAt),
            FinishedAt = row.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            Alerts = (int)row.Alerts, PapersEvaluated = (int)row.PapersEvaluated, Backfilled = (int)row.Backfilled,
            MatchesAdded = (int)row.MatchesAdded, Error = row.Error,
        };
    }

    public async Task<IReadOnlyList<StoredMatch>> GetMatchesForAlertAsync(long alertId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long AlertId, long SubscriberId, string PaperId, long MatchedAt, double Relevance, double Score, string Hits)>(
            new CommandDefinition("""
                SELECT alert_id, subscriber_id, paper_id, matched_at, relevance, score, hits
                FROM matches WHERE alert_id = @alertId ORDER BY paper_id
                """, new { alertId }, cancellationToken: ct));
        return [.. rows.Select(r => new StoredMatch(r.AlertId, r.SubscriberId, r.PaperId,
            DateTimeOffset.FromUnixTimeMilliseconds(r.MatchedAt), r.Relevance, r.Score, HitsJson.Read(r.Hits)))];
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM matches", cancellationToken: ct));
    }
}
