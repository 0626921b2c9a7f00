using Dapper;
using Microsoft.Data.Sqlite;
using PaperMail.Core.Admin;

namespace PaperMail.Store.Sqlite;

/// <summary>
/// Finding and erasing one subscriber. The erase deletes the <c>subscribers</c> row and relies on
/// <c>ON DELETE CASCADE</c> (connections run with <c>PRAGMA foreign_keys = ON</c>) for everything keyed to it:
/// alerts and matches today. Every later table that holds a subscriber's data must reference <c>subscribers (id)</c>
/// (or a table that does) with <c>ON DELETE CASCADE</c>; one that references it without cascade makes the erase fail
/// with a foreign-key error instead of leaving that subscriber's rows behind.
/// </summary>
public sealed class SqliteSubscriberAdminStore(SqliteDatabase database) : ISubscriberAdminStore
{
    public async Task<SubscriberDetails?> FindByEmailAsync(string email, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var subscriber = await connection.QuerySingleOrDefaultAsync<(long Id, string Email, string State, string Frequency, long CreatedAt)>(
            new CommandDefinition("""
                SELECT id, email, state, frequency, created_at FROM subscribers
                WHERE email_key = @key OR email = @email COLLATE NOCASE
                ORDER BY email_key = @key DESC LIMIT 1
                """, new { key = EmailKey.From(email), email = email.Trim() }, cancellationToken: ct));
        if (subscriber.Id == 0) return null;
        var alerts = await connection.QueryAsync<(long Id, string Query, long? MinUpvotes, long Paused, string State, long Matches)>(
            new CommandDefinition("""
                SELECT a.id, a.query, a.min_upvotes, a.paused, a.state,
                       (SELECT COUNT(*) FROM matches m WHERE m.alert_id = a.id) AS matches
                FROM alerts a WHERE a.subscriber_id = @id ORDER BY a.id
                """, new { id = subscriber.Id }, cancellationToken: ct));
        return new SubscriberDetails(subscriber.Id, subscriber.Email, subscriber.State, subscriber.Frequency,
            DateTimeOffset.FromUnixTimeMilliseconds(subscriber.CreatedAt),
            [.. alerts.Select(a => new SubscriberAlert(a.Id, a.Query, (int?)a.MinUpvotes, a.Paused != 0, a.State, a.Matches))]);
    }

    public async Task<bool> DeleteAsync(long subscriberId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscribers WHERE id = @subscriberId", new { subscriberId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted == 1;
    }
}
