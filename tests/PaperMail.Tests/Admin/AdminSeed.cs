using Dapper;
using Microsoft.Data.Sqlite;

namespace PaperMail.Tests.Admin;

/// <summary>Rows written straight into an app's database, as the subscription feature would write them.</summary>
public sealed class AdminSeed(string databasePath)
{
    private long _now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        connection.Execute("PRAGMA foreign_keys = ON;");
        return connection;
    }

    public long Subscriber(string email, string state = "active")
    {
        using var c = Open();
        return c.ExecuteScalar<long>("""
            INSERT INTO subscribers (email, email_key, frequency, state, created_at, state_changed_at)
            VALUES (@email, lower(@email), 'daily', @state, @now, @now) RETURNING id
            """, new { email, state, now = _now });
    }

    public long Alert(long subscriberId, string query, string state = "active", bool paused = false, int? minUpvotes = null)
    {
        using var c = Open();
        return c.ExecuteScalar<long>("""
            INSERT INTO alerts (subscriber_id, query, min_upvotes, paused, state, created_at, updated_at)
            VALUES (@subscriberId, @query, @minUpvotes, @paused, @state, @now, @now) RETURNING id
            """, new { subscriberId, query, minUpvotes, paused = paused ? 1 : 0, state, now = _now });
    }

    public void Paper(string id)
    {
        using var c = Open();
        c.Execute("""
            INSERT INTO papers (id, title, first_seen_at, changed_at, change_seq)
            VALUES (@id, @id, @now, @now, (SELECT COALESCE(MAX(change_seq), 0) + 1 FROM papers))
            """, new { id, now = ++_now });
    }

    public void Match(long alertId, long subscriberId, string paperId)
    {
        using var c = Open();
        c.Execute("""
            INSERT INTO matches (alert_id, paper_id, subscriber_id, matched_at, relevance, score, hits)
            VALUES (@alertId, @paperId, @subscriberId, @now, 1, 1, '[]')
            """, new { alertId, paperId, subscriberId, now = _now });
    }

    /// <summary>Rows keyed to the subscriber in every table that has a subscriber_id column, plus their own row.</summary>
    /// <summary>A sent digest covering one match (its paper mailed), and a logged email to the address: the rows a privacy delete must reach.</summary>
    public void DigestAndEmailLog(long subscriberId, long alertId, string paperId)
    {
        using var c = Open();
        var digest = c.ExecuteScalar<long>(
            "INSERT INTO digests (subscriber_id, period, state, created_at) VALUES (@subscriberId, '2026-11-30', 'sent', @_now) RETURNING id",
            new { subscriberId, _now });
        c.Execute("INSERT INTO digest_items (digest_id, alert_id, paper_id) VALUES (@digest, @alertId, @paperId)", new { digest, alertId, paperId });
        c.Execute("INSERT INTO mailed_papers (subscriber_id, paper_id, digest_id) VALUES (@subscriberId, @paperId, @digest)", new { subscriberId, paperId, digest });
        c.Execute("INSERT INTO email_log (email_key, kind, sent_at) SELECT email_key, 'confirm', @_now FROM subscribers WHERE id = @subscriberId", new { subscriberId, _now });
    }

    public long RowsOf(long subscriberId)
    {
        using var c = Open();
        var tables = c.Query<string>("""
            SELECT m.name FROM sqlite_master m
            WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'subscriber_id')
            """).ToList();
        Assert.Contains("alerts", tables);
        Assert.Contains("matches", tables);
        var rows = c.ExecuteScalar<long>("SELECT COUNT(*) FROM subscribers WHERE id = @subscriberId", new { subscriberId });
        // Rows keyed by the address or by the subscriber's digests rather than by subscriber_id.
        rows += c.ExecuteScalar<long>("SELECT COUNT(*) FROM email_log WHERE email_key IN (SELECT email_key FROM subscribers WHERE id = @subscriberId)", new { subscriberId });
        rows += c.ExecuteScalar<long>("SELECT COUNT(*) FROM digest_items WHERE digest_id IN (SELECT id FROM digests WHERE subscriber_id = @subscriberId)", new { subscriberId });
        foreach (var table in tables)
        {
            rows += c.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{table}\" WHERE subscriber_id = @subscriberId", new { subscriberId });
        }
        return rows;
    }
}
