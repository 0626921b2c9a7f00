using Dapper;
using PaperMail.Store.Sqlite;

namespace PaperMail.Tests.Support;

/// <summary>
/// Writes subscribers and alerts straight into a test database, for tests of the jobs that read them (the
/// subscription feature's own tests go through its pages instead).
/// </summary>
public static class SubscriptionRows
{
    public static async Task<long> AddSubscriberAsync(SqliteDatabase db, string email, string state = "active", string frequency = "daily")
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO subscribers (email, email_key, frequency, state, created_at, state_changed_at)
            VALUES (@email, lower(@email), @frequency, @state, 0, 0) RETURNING id
            """, new { email, state, frequency });
    }

    public static async Task<long> AddAlertAsync(SqliteDatabase db, long subscriberId, string query, int? minUpvotes = null, string state = "active", bool paused = false)
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO alerts (subscriber_id, query, min_upvotes, paused, state, created_at, updated_at)
            VALUES (@subscriberId, @query, @minUpvotes, @paused, @state, 0, 0) RETURNING id
            """, new { subscriberId, query, minUpvotes, paused, state });
    }

    /// <summary>What an edit or a confirmation does to an alert as far as the match job is concerned.</summary>
    public static async Task EditAlertAsync(SqliteDatabase db, long alertId, string query)
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync("UPDATE alerts SET query = @query, version = version + 1 WHERE id = @alertId", new { alertId, query });
    }

    public static async Task PauseAlertAsync(SqliteDatabase db, long alertId)
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync("UPDATE alerts SET paused = 1 WHERE id = @alertId", new { alertId });
    }
}
