using Dapper;
using PaperMail.Core.Admin;

namespace PaperMail.Store.Sqlite;

public sealed class SqliteOverviewStore(SqliteDatabase database) : IOverviewStore
{
    public async Task<SubscriberCounts> CountSubscribersAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleAsync<SubscriberCounts>(new CommandDefinition("""
            SELECT COALESCE(SUM(state = 'pending'), 0)      AS Pending,
                   COALESCE(SUM(state = 'active'), 0)       AS Active,
                   COALESCE(SUM(state = 'unsubscribed'), 0) AS Unsubscribed,
                   COALESCE(SUM(state = 'suppressed'), 0)   AS Suppressed
            FROM subscribers
            """, cancellationToken: ct));
    }

    public async Task<AlertCounts> CountAlertsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleAsync<AlertCounts>(new CommandDefinition("""
            SELECT COALESCE(SUM(paused = 0), 0) AS Active,
                   COALESCE(SUM(paused <> 0), 0) AS Paused
            FROM alerts WHERE state = 'active'
            """, cancellationToken: ct));
    }
}
