using System.Data.Common;
using Dapper;
using PaperMail.Core.Housekeeping;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Store.Shared;

/// <summary>
/// Deletes rows that are no longer needed, each kind in a short transaction of its own. Erases where the database can
/// (<see cref="SqlDialect.BeginErasingAsync"/>): on SQLite the deleted addresses are overwritten in the file rather
/// than left in free pages; PostgreSQL keeps deleted rows in the table's pages until VACUUM reuses them (README:
/// backups and retention).
/// Everything keyed to a subscriber goes with it through <c>ON DELETE CASCADE</c>.
/// </summary>
public sealed class HousekeepingStore(IStoreDatabase database) : IHousekeepingStore
{
    public async Task<HousekeepingReport> DeleteExpiredAsync(HousekeepingCutoffs cutoffs, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await database.Dialect.BeginErasingAsync(connection, ct);
        var p = new
        {
            now = cutoffs.Now.ToUnixTimeMilliseconds(),
            unconfirmedBefore = cutoffs.UnconfirmedBefore.ToUnixTimeMilliseconds(),
            leftBefore = cutoffs.LeftBefore.ToUnixTimeMilliseconds(),
            emailLogBefore = cutoffs.EmailLogBefore.ToUnixTimeMilliseconds(),
            digestLinksBefore = cutoffs.DigestLinksIssuedBefore.ToUnixTimeMilliseconds(),
        };

        var tokens = await ExecuteAsync(connection, "DELETE FROM subscription_tokens WHERE expires_at IS NOT NULL AND expires_at <= @now", p, ct);
        var digestLinks = await ExecuteAsync(connection, """
            UPDATE digests SET web_token_hash = NULL
            WHERE web_token_hash IS NOT NULL AND COALESCE(sent_at, created_at) <= @digestLinksBefore
            """, p, ct);
        // Their confirmation tokens go with them (ON DELETE CASCADE).
        var alerts = await ExecuteAsync(connection, "DELETE FROM alerts WHERE state = 'pending' AND created_at <= @unconfirmedBefore", p, ct);
        var unconfirmed = await ExecuteAsync(connection, """
            DELETE FROM subscribers
            WHERE state = 'pending' AND confirmed_at IS NULL AND created_at <= @unconfirmedBefore
              AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.subscriber_id = subscribers.id AND a.state IN ('pending', 'active'))
            """, p, ct);
        var unsubscribed = await ExecuteAsync(connection,
            "DELETE FROM subscribers WHERE state = 'unsubscribed' AND state_changed_at <= @leftBefore", p, ct);
        var hashed = await HashSuppressedAsync(connection, p.leftBefore, ct);
        var emailLog = await ExecuteAsync(connection, "DELETE FROM email_log WHERE sent_at <= @emailLogBefore", p, ct);
        // A message's VERP id and Message-Id let a late bounce find its subscriber; past the email log's age none is expected.
        var envelopes = await ExecuteAsync(connection, "DELETE FROM envelopes WHERE created_at <= @emailLogBefore", p, ct);
        await database.Dialect.FinishErasingAsync(connection, ct);
        return new HousekeepingReport(tokens, digestLinks, alerts, unconfirmed, unsubscribed, hashed, emailLog, envelopes);
    }

    /// <summary>
    /// A suppressed address past retention keeps only its row, with the address replaced by its hash
    /// (<see cref="SuppressionKey"/>): a new subscription from it is still refused. Its alerts, matches and digests go.
    /// </summary>
    private static async Task<int> HashSuppressedAsync(DbConnection connection, long leftBefore, CancellationToken ct)
    {
        var due = (await connection.QueryAsync<(long Id, string Key)>(new CommandDefinition("""
            SELECT id, email_key FROM subscribers
            WHERE state = 'suppressed' AND state_changed_at <= @leftBefore AND email_key NOT LIKE 'sha256:%'
            """, new { leftBefore }, cancellationToken: ct))).ToList();
        foreach (var (id, key) in due)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            foreach (var sql in new[]
            {
                "DELETE FROM alerts WHERE subscriber_id = @id",
                "DELETE FROM digests WHERE subscriber_id = @id",
                "DELETE FROM mailed_papers WHERE subscriber_id = @id",
                "DELETE FROM subscription_tokens WHERE subscriber_id = @id",
                "DELETE FROM email_log WHERE email_key = @key",
                // Bounce reports and envelopes may quote the address; the suppression keeps its reason, not its words.
                "DELETE FROM bounce_events WHERE subscriber_id = @id",
                "DELETE FROM envelopes WHERE subscriber_id = @id",
                "UPDATE suppressions SET detail = NULL WHERE subscriber_id = @id",
                "UPDATE subscribers SET email = @hash, email_key = @hash WHERE id = @id",
            })
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, new { id, key, hash = SuppressionKey.For(key) }, tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
        }
        return due.Count;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, string sql, object parameters, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return rows;
    }
}
