using System.Text.Json;
using Dapper;
using PaperMail.Core.Semantic;

namespace PaperMail.Store.Shared;

public sealed class SemanticStore(IStoreDatabase database) : ISemanticStore
{
    public async Task<IReadOnlyList<PendingPaper>> GetPendingPapersAsync(string model, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Id, string Title, string Abstract, long ChangeSeq, string? StoredHash)>(new CommandDefinition("""
            SELECT p.id, p.title, p.abstract, p.change_seq, e.text_hash
            FROM papers p LEFT JOIN paper_embeddings e ON e.paper_id = p.id
            WHERE e.paper_id IS NULL OR e.model <> @model OR e.embedded_seq < p.change_seq
            ORDER BY p.change_seq DESC
            LIMIT @limit
            """, new { model, limit }, cancellationToken: ct));
        // A vector from another model is no use: its hash must not spare the paper from being embedded again.
        return [.. rows.Select(r => new PendingPaper(r.Id, r.Title, r.Abstract, r.ChangeSeq, r.StoredHash))];
    }

    public async Task SaveEmbeddingsAsync(string model, IReadOnlyList<(string PaperId, long ChangeSeq, string TextHash, byte[] Vector)> embeddings, DateTimeOffset at, CancellationToken ct = default)
    {
        if (embeddings.Count == 0) return;
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // A paper deleted meanwhile is skipped by the EXISTS; a slower run finishing late keeps the higher seq.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO paper_embeddings (paper_id, model, text_hash, vector, embedded_seq, embedded_at)
            SELECT @PaperId, @model, @TextHash, @Vector, @ChangeSeq, @at WHERE EXISTS (SELECT 1 FROM papers WHERE id = @PaperId)
            ON CONFLICT (paper_id) DO UPDATE SET model = excluded.model, text_hash = excluded.text_hash, vector = excluded.vector,
                embedded_seq = CASE WHEN excluded.embedded_seq > paper_embeddings.embedded_seq THEN excluded.embedded_seq ELSE paper_embeddings.embedded_seq END,
                embedded_at = excluded.embedded_at
            """, embeddings.Select(e => new { e.PaperId, model, e.TextHash, e.Vector, e.ChangeSeq, at = at.ToUnixTimeMilliseconds() }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, StoredEmbedding>> GetEmbeddingsAsync(string model, IReadOnlyCollection<string> paperIds, CancellationToken ct = default)
    {
        var result = new Dictionary<string, StoredEmbedding>(StringComparer.Ordinal);
        if (paperIds.Count == 0) return result;
        await using var connection = await database.OpenAsync(ct);
        // SQLite caps bound parameters (a list is one per item there); chunks keep every list well under the cap.
        foreach (var chunk in paperIds.Chunk(500))
        {
            var rows = await connection.QueryAsync<(string PaperId, string TextHash, byte[] Vector)>(new CommandDefinition(
                $"SELECT paper_id, text_hash, vector FROM paper_embeddings WHERE model = @model AND {database.Dialect.InList("paper_id", "@ids")}",
                new { model, ids = chunk }, cancellationToken: ct));
            foreach (var r in rows) result[r.PaperId] = new StoredEmbedding(r.TextHash, r.Vector);
        }
        return result;
    }

    public async Task<(long Embedded, long Total)> CountAsync(string model, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleAsync<(long, long)>(new CommandDefinition("""
            SELECT (SELECT COUNT(*) FROM paper_embeddings e JOIN papers p ON p.id = e.paper_id
                    WHERE e.model = @model AND e.embedded_seq >= p.change_seq),
                   (SELECT COUNT(*) FROM papers)
            """, new { model }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SemanticAlert>> GetActiveAlertsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition("""
            SELECT a.id, a.subscriber_id, a.query, a.min_upvotes, a.version, a.backfilled_version, a.similar_to,
                   e.version, e.model, e.vector, e.parts
            FROM alerts a JOIN subscribers s ON s.id = a.subscriber_id
            LEFT JOIN alert_embeddings e ON e.alert_id = a.id
            WHERE a.state = 'active' AND a.paused = 0 AND s.state = 'active' AND a.similar_to IS NOT NULL
            ORDER BY a.id
            """, cancellationToken: ct));
        var alerts = new List<SemanticAlert>();
        while (await reader.ReadAsync(ct))
        {
            // A row whose JSON no longer reads (edited by hand) is skipped rather than failing every alert's run.
            if (SimilarAlert.FromJson(reader.GetString(6)) is not { } spec) continue;
            AlertEmbedding? embedding = reader.IsDBNull(9) ? null
                : new AlertEmbedding((int)reader.GetInt64(7), reader.GetString(8), (byte[])reader.GetValue(9), PartsJson.Read(reader.GetString(10)));
            alerts.Add(new SemanticAlert(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : (int)reader.GetInt64(3),
                (int)reader.GetInt64(4), (int)reader.GetInt64(5), spec, embedding));
        }
        return alerts;
    }

    public async Task<string> GetActiveAlertsStampAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // The same rows as GetActiveAlertsAsync, folded into sums: pausing, confirming, editing (version and
        // updated_at), back-filling or a subscriber leaving each moves at least one of them.
        var s = await connection.QuerySingleAsync<(long Count, long Ids, long Versions, long Backfilled, long Updated, long Text)>(new CommandDefinition("""
            -- PostgreSQL sums BIGINTs as NUMERIC: cast back.
            SELECT CAST(COUNT(*) AS BIGINT) AS Count, CAST(COALESCE(SUM(a.id), 0) AS BIGINT) AS Ids,
                   CAST(COALESCE(SUM(a.version), 0) AS BIGINT) AS Versions, CAST(COALESCE(SUM(a.backfilled_version), 0) AS BIGINT) AS Backfilled,
                   CAST(COALESCE(MAX(a.updated_at), 0) AS BIGINT) AS Updated,
                   CAST(COALESCE(SUM(length(a.similar_to) + length(a.query) + COALESCE(a.min_upvotes, -1)), 0) AS BIGINT) AS Text
            FROM alerts a JOIN subscribers s ON s.id = a.subscriber_id
            WHERE a.state = 'active' AND a.paused = 0 AND s.state = 'active' AND a.similar_to IS NOT NULL
            """, cancellationToken: ct));
        return $"{s.Count}:{s.Ids}:{s.Versions}:{s.Backfilled}:{s.Updated}:{s.Text}";
    }

    public async Task SaveAlertEmbeddingAsync(long alertId, AlertEmbedding embedding, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alert_embeddings (alert_id, version, model, vector, parts)
            SELECT @alertId, @Version, @Model, @Vector, @parts WHERE EXISTS (SELECT 1 FROM alerts WHERE id = @alertId)
            ON CONFLICT (alert_id) DO UPDATE SET version = excluded.version, model = excluded.model, vector = excluded.vector, parts = excluded.parts
            """, new { alertId, Version = (long)embedding.Version, embedding.Model, embedding.Vector, parts = PartsJson.Write(embedding.Parts) }, cancellationToken: ct));
    }

    public async Task<bool> UpdateSimilarAlertAsync(long subscriberId, long alertId, SimilarAlert spec, string filter, int? minUpvotes, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await AlertEdits.UpdateSimilarAsync(connection, tx, subscriberId, alertId, spec, filter, minUpvotes, now, ct)) return false;
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The same JSON on both databases, so an export or a move between providers reads back alike.</summary>
    private static class PartsJson
    {
        private sealed record Part(string Reason, string Vector);

        public static string Write(IReadOnlyList<AlertPart> parts) =>
            JsonSerializer.Serialize(parts.Select(p => new Part(p.Reason, Convert.ToBase64String(p.Vector))));

        public static IReadOnlyList<AlertPart> Read(string json) =>
            [.. (JsonSerializer.Deserialize<Part[]>(json) ?? []).Select(p => new AlertPart(p.Reason, Convert.FromBase64String(p.Vector)))];
    }
}
