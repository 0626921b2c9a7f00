using Dapper;
using PaperMail.Core.Admin;

namespace PaperMail.Store.Shared;

public sealed class OverviewStore(IStoreDatabase database) : IOverviewStore
{
    public async Task<SubscriberCounts> CountSubscribersAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleAsync<SubscriberCounts>(new CommandDefinition("""
            SELECT COUNT(*) FILTER (WHERE state = 'pending')      AS Pending,
                   COUNT(*) FILTER (WHERE state = 'active')       AS Active,
                   COUNT(*) FILTER (WHERE state = 'unsubscribed') AS Unsubscribed,
                   COUNT(*) FILTER (WHERE state = 'suppressed')   AS Suppressed
            FROM subscribers
            """, cancellationToken: ct));
    }

    public async Task<AlertCounts> CountAlertsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleAsync<AlertCounts>(new CommandDefinition("""
            SELECT COUNT(*) FILTER (WHERE paused = 0) AS Active,
                   COUNT(*) FILTER (WHERE paused <> 0) AS Paused
            FROM alerts WHERE state = 'active'
            """, cancellationToken: ct));
    }

    public async Task<DigestCounts> CountDigestsSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleAsync<DigestCounts>(new CommandDefinition("""
            SELECT COUNT(*) FILTER (WHERE state = 'sent' AND sent_at >= @since)                AS Sent,
                   COUNT(*) FILTER (WHERE state = 'failed' AND created_at >= @since)           AS Failed,
                   COUNT(*) FILTER (WHERE state IN ('pending', 'sending'))                     AS Pending,
                   COUNT(*) FILTER (WHERE state = 'suppressed' AND created_at >= @since)       AS Suppressed
            FROM digests
            """, new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<DigestFailure>> GetRecentDigestFailuresAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Email, string Period, string State, long Attempts, string? Reply, long CreatedAt)>(new CommandDefinition("""
            SELECT d.id, s.email, d.period, d.state, d.attempts, d.last_error, d.created_at
            FROM digests d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.last_error IS NOT NULL AND d.state IN ('failed', 'pending', 'suppressed')
            ORDER BY d.id DESC LIMIT @limit
            """, new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => new DigestFailure(r.Id, r.Email, r.Period, r.State, (int)r.Attempts, r.Reply, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt)))];
    }

    public async Task<IReadOnlyList<SuppressedAddress>> GetSuppressedAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Email, string? Reason, long Since)>(new CommandDefinition("""
            SELECT id, email, state_reason, state_changed_at FROM subscribers
            WHERE state = 'suppressed' ORDER BY state_changed_at DESC LIMIT @limit
            """, new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => new SuppressedAddress(r.Id, r.Email, r.Reason, DateTimeOffset.FromUnixTimeMilliseconds(r.Since)))];
    }
}
