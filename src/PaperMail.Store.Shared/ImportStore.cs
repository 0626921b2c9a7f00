using System.Data.Common;
using Dapper;
using PaperMail.Core.Portability;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Store.Shared;

public sealed class ImportStore(IStoreDatabase database) : IImportStore
{
    public async Task<(ImportLineOutcome Outcome, string Message)> AddConsentedAsync(ImportRow row, DateTimeOffset now, int maxAlerts, CancellationToken ct = default)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // One writer per address, as the public form does: the subscriber row and the alert count are read and
        // written without a race.
        await database.Dialect.LockAsync(tx, row.Email.Key, ct);
        // An address suppressed long ago is kept only as its hash: it stays suppressed.
        var found = await connection.QuerySingleOrDefaultAsync<(long Id, string State)?>(new CommandDefinition(
            "SELECT id, state FROM subscribers WHERE email_key IN (@key, @hashed) ORDER BY email_key = @key DESC LIMIT 1",
            new { key = row.Email.Key, hashed = SuppressionKey.For(row.Email.Key) }, tx, cancellationToken: ct));
        long subscriberId;
        var changed = false;
        if (found is { } s)
        {
            if (s.State is "unsubscribed" or "suppressed")
                return (ImportLineOutcome.Refused, $"the address is {s.State} here: an import does not subscribe it again");
            subscriberId = s.Id;
            if (s.State == "pending")
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE subscribers SET state = 'active', confirmed_at = @at, state_changed_at = @at WHERE id = @subscriberId
                    """, new { subscriberId, at }, tx, cancellationToken: ct));
                changed = true;
            }
        }
        else
        {
            subscriberId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO subscribers (email, email_key, frequency, state, created_at, confirmed_at, state_changed_at)
                VALUES (@email, @key, @frequency, 'active', @at, @at, @at)
                RETURNING id
                """, new { email = row.Email.Display, key = row.Email.Key, frequency = row.Frequency.ToText(), at }, tx, cancellationToken: ct));
            changed = true;
        }

        if (row.Alert is not { } alert)
        {
            await tx.CommitAsync(ct);
            return changed ? (ImportLineOutcome.Imported, "subscriber added (no alert on this line)") : (ImportLineOutcome.Unchanged, "already subscribed");
        }
        if (await HasAlertAsync(connection, tx, subscriberId, alert, ct))
        {
            await tx.CommitAsync(ct);
            return (changed ? ImportLineOutcome.Imported : ImportLineOutcome.Unchanged, "already has this alert");
        }
        var active = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM alerts WHERE subscriber_id = @subscriberId AND state = 'active'", new { subscriberId }, tx, cancellationToken: ct));
        if (active >= maxAlerts)
        {
            await tx.CommitAsync(ct);
            return (ImportLineOutcome.Refused, $"the subscriber has {active} alerts, the most allowed (PaperMail:Limits:MaxAlertsPerSubscriber)");
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alerts (subscriber_id, query, min_upvotes, paused, state, created_at, updated_at, top_n)
            VALUES (@subscriberId, @query, @minUpvotes, @paused, 'active', @at, @at, @topN)
            """, new { subscriberId, query = alert.Query, minUpvotes = (long?)alert.MinUpvotes, paused = alert.Paused ? 1L : 0L, at, topN = (long?)alert.TopN }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (ImportLineOutcome.Imported, "subscribed with this alert (consent declared)");
    }

    public async Task<bool> HasAlertAsync(string emailKey, ImportedAlert alert, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var subscriberId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM subscribers WHERE email_key = @emailKey", new { emailKey }, cancellationToken: ct));
        return subscriberId is { } id && await HasAlertAsync(connection, null, id, alert, ct);
    }

    private static async Task<bool> HasAlertAsync(DbConnection connection, DbTransaction? tx, long subscriberId, ImportedAlert alert, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM alerts
            WHERE subscriber_id = @subscriberId AND state <> 'deleted' AND query = @query
              AND top_n IS NOT DISTINCT FROM CAST(@topN AS BIGINT)
            """, new { subscriberId, query = alert.Query, topN = (long?)alert.TopN }, tx, cancellationToken: ct)) > 0;

    public async Task<long> RecordAsync(ImportRecord import, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO imports (imported_by, imported_at, file_name, rows_total, rows_imported, rows_rejected,
                                 confirmations_sent, confirmations_deferred, already_consented)
            VALUES (@ImportedBy, @at, @FileName, @Rows, @Imported, @Rejected, @ConfirmationsSent, @ConfirmationsDeferred, @AlreadyConsented)
            RETURNING id
            """, new
        {
            import.ImportedBy, at = import.ImportedAt.ToUnixTimeMilliseconds(), import.FileName, import.Rows, import.Imported, import.Rejected,
            import.ConfirmationsSent, import.ConfirmationsDeferred, import.AlreadyConsented,
        }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ImportRecord>> GetRecentAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string By, long At, string File, int Rows, int Imported, int Rejected, int Sent, int Deferred, bool Consented)>(
            new CommandDefinition("""
            SELECT id, imported_by, imported_at, file_name, rows_total, rows_imported, rows_rejected, confirmations_sent,
                   confirmations_deferred, already_consented
            FROM imports ORDER BY id DESC LIMIT @limit
            """, new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => new ImportRecord(r.Id, r.By, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.File, r.Rows, r.Imported,
            r.Rejected, r.Sent, r.Deferred, r.Consented))];
    }
}
