using System.Data.Common;
using Dapper;
using PaperMail.Core.Semantic;

namespace PaperMail.Store.Shared;

/// <summary>What editing an alert does to its row and its matches, the same on either database, inside the caller's transaction.</summary>
internal static class AlertEdits
{
    /// <summary>
    /// The stored matches answer the alert as it was: drop those not mailed yet. Mailed ones stay (the subscriber's
    /// feed lists them), and so do those a digest on its way already covers.
    /// </summary>
    public static Task DropUnmailedMatchesAsync(DbConnection connection, DbTransaction tx, long alertId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM matches
            WHERE alert_id = @alertId
              AND NOT EXISTS (SELECT 1 FROM mailed_papers mp WHERE mp.subscriber_id = matches.subscriber_id AND mp.paper_id = matches.paper_id)
              AND NOT EXISTS (SELECT 1 FROM digest_items di JOIN digests d ON d.id = di.digest_id
                              WHERE di.alert_id = matches.alert_id AND di.paper_id = matches.paper_id
                                AND d.state IN ('pending', 'sending'))
            """, new { alertId }, tx, cancellationToken: ct));

    /// <summary>
    /// Saves a similar-papers alert's new description, examples, filter, minimum and closeness; false when the
    /// subscriber has no such active alert. The new version makes the match job back-fill it.
    /// </summary>
    public static async Task<bool> UpdateSimilarAsync(DbConnection connection, DbTransaction tx, long subscriberId, long alertId,
        SimilarAlert spec, string filter, int? minUpvotes, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var current = await connection.QuerySingleOrDefaultAsync<(string Query, string SimilarTo, long Version)?>(new CommandDefinition("""
            SELECT query, similar_to, version FROM alerts
            WHERE id = @alertId AND subscriber_id = @subscriberId AND state = 'active' AND similar_to IS NOT NULL
            """, new { alertId, subscriberId }, tx, cancellationToken: ct));
        if (current is not { } old) return false;
        var json = spec.ToJson();
        if (old.Query != filter || old.SimilarTo != json) await DropUnmailedMatchesAsync(connection, tx, alertId, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts SET query = @filter, min_upvotes = @minUpvotes, similar_to = @json, version = version + 1, updated_at = @at
            WHERE id = @alertId
            """, new { alertId, filter, minUpvotes, json, at = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        // The vector depends on the text only: a new closeness, filter or minimum keeps it (no model call).
        if (SimilarAlert.FromJson(old.SimilarTo) is { } before && SimilarAlertEmbedder.SameVector(before, spec))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE alert_embeddings SET version = @next WHERE alert_id = @alertId AND version = @version",
                new { alertId, next = old.Version + 1, version = old.Version }, tx, cancellationToken: ct));
        }
        return true;
    }
}
