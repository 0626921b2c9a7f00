using System.Data.Common;
using Dapper;
using PaperMail.Core.Admin;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Store.Shared;

/// <summary>
/// Finding and erasing one subscriber. The erase deletes the <c>subscribers</c> row and relies on
/// <c>ON DELETE CASCADE</c> (SQLite connections run with <c>PRAGMA foreign_keys = ON</c>) for everything keyed to it:
/// alerts and matches today. Every later table that holds a subscriber's data must reference <c>subscribers (id)</c>
/// (or a table that does) with <c>ON DELETE CASCADE</c>; one that references it without cascade makes the erase fail
/// with a foreign-key error instead of leaving that subscriber's rows behind.
/// </summary>
public sealed class SubscriberAdminStore(IStoreDatabase database) : ISubscriberAdminStore
{
    public async Task<SubscriberDetails?> FindByEmailAsync(string email, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var subscriber = await connection.QuerySingleOrDefaultAsync<(long Id, string Email, string State, string Frequency, long CreatedAt)>(
            new CommandDefinition("""
                SELECT id, email, state, frequency, created_at FROM subscribers
                WHERE email_key = @key OR lower(email) = lower(@email)
                ORDER BY email_key = @key DESC LIMIT 1
                """, new { key = EmailAddress.TryParse(email, out _)?.Key ?? email.Trim().ToLowerInvariant(), email = email.Trim() }, cancellationToken: ct));
        if (subscriber.Id == 0) return null;
        var alerts = await connection.QueryAsync<(long Id, string Query, long? MinUpvotes, long Paused, string State, long Matches)>(
            new CommandDefinition("""
                -- A top alert is shown as what it asks for: "top 10", "top 5 about multilingual".
                SELECT a.id,
                       CASE WHEN a.top_n IS NULL THEN a.query
                            ELSE 'top ' || a.top_n || CASE WHEN a.query = '' THEN '' ELSE ' about ' || a.query END END,
                       a.min_upvotes, a.paused, a.state,
                       (SELECT COUNT(*) FROM matches m WHERE m.alert_id = a.id) AS matches
                FROM alerts a WHERE a.subscriber_id = @id ORDER BY a.id
                """, new { id = subscriber.Id }, cancellationToken: ct));
        var digests = await connection.QueryAsync<(string Period, string State, long Attempts, long? SentAt, string? LastError)>(
            new CommandDefinition("""
                SELECT period, state, attempts, sent_at, last_error FROM digests
                WHERE subscriber_id = @id ORDER BY id DESC LIMIT 10
                """, new { id = subscriber.Id }, cancellationToken: ct));
        return new SubscriberDetails(subscriber.Id, subscriber.Email, subscriber.State, subscriber.Frequency,
            DateTimeOffset.FromUnixTimeMilliseconds(subscriber.CreatedAt),
            [.. alerts.Select(a => new SubscriberAlert(a.Id, a.Query, (int?)a.MinUpvotes, a.Paused != 0, a.State, a.Matches))])
        {
            RecentDigests = [.. digests.Select(d => new SubscriberDigest(d.Period, d.State, (int)d.Attempts,
                d.SentAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, d.LastError))],
        };
    }

    public async Task<bool> DeleteAsync(long subscriberId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // Where the database can, the address is gone from the files on disk, not only from the tables.
        await database.Dialect.BeginErasingAsync(connection, ct);
        var deleted = await DeleteRowsAsync(connection, subscriberId, ct);
        await database.Dialect.FinishErasingAsync(connection, ct);
        return deleted;
    }

    private static async Task<bool> DeleteRowsAsync(DbConnection connection, long subscriberId, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The email log is keyed by address, not by subscriber: it goes explicitly; everything else cascades.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM email_log WHERE email_key = (SELECT email_key FROM subscribers WHERE id = @subscriberId)",
            new { subscriberId }, tx, cancellationToken: ct));
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscribers WHERE id = @subscriberId", new { subscriberId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted == 1;
    }
}
