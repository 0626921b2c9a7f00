using Dapper;
using Microsoft.Data.Sqlite;
using PaperMail.Core.Digests;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;
using PaperMail.Store.Shared;

namespace PaperMail.Tests.Store;

public class MigrationTests
{
    [Fact]
    public async Task FreshDatabaseGetsEveryMigrationAndWalMode()
    {
        using var folder = new TempFolder();
        var db = new SqliteDatabase("Data Source=nested/dir/papermail.db", folder.Path);

        var applied = await SqliteMigrator.MigrateAsync(db);

        Assert.Equal(SqliteMigrator.LatestVersion, applied);
        Assert.True(File.Exists(Path.Combine(folder.Path, "nested", "dir", "papermail.db")));
        await using var connection = await db.OpenAsync();
        Assert.Equal(SqliteMigrator.LatestVersion, await SqliteMigrator.GetVersionAsync(connection));
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigratingTwiceAppliesNothingTheSecondTime()
    {
        using var folder = new TempFolder();
        var db = new SqliteDatabase($"Data Source={folder.File("p.db")}", folder.Path);
        await SqliteMigrator.MigrateAsync(db);

        Assert.Equal(0, await SqliteMigrator.MigrateAsync(db));
    }

    [Fact]
    public async Task ConcurrentStartsApplyEachMigrationExactlyOnce()
    {
        using var folder = new TempFolder();
        // Separate connection strings (pooling off) so each "process" holds its own file handle and locks.
        var starters = Enumerable.Range(0, 6)
            .Select(_ => new SqliteDatabase($"Data Source={folder.File("p.db")};Pooling=False", folder.Path))
            .ToList();

        var applied = await Task.WhenAll(starters.Select(db => Task.Run(() => SqliteMigrator.MigrateAsync(db))));

        Assert.Equal(SqliteMigrator.LatestVersion, applied.Sum());
        await using var connection = await starters[0].OpenAsync();
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'papers'";
        Assert.Equal(1L, (long)(await tables.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task PapersMailedBeforeVersion5StayMailedAfterIt()
    {
        using var folder = new TempFolder();
        var db = new SqliteDatabase($"Data Source={folder.File("p.db")}", folder.Path);
        await using (var connection = await db.OpenAsync())
        {
            // A version-4 database: a sent digest marked the match it covered through matches.digest_id.
            foreach (var (_, _, sql) in SqliteMigrator.Migrations.Where(m => m.Version <= 4)) await connection.ExecuteAsync(sql);
            await connection.ExecuteAsync("""
                PRAGMA user_version = 4;
                INSERT INTO papers (id, title, abstract, authors, ai_keywords, categories, sources, first_seen_at, changed_at, change_seq)
                VALUES ('2601.00001', 'T', '', '[]', '[]', '[]', '[]', 0, 0, 1);
                INSERT INTO subscribers (id, email, email_key, frequency, state, created_at, state_changed_at) VALUES (7, 'a@example.org', 'a@example.org', 'daily', 'active', 0, 0);
                INSERT INTO alerts (id, subscriber_id, query, paused, state, created_at, updated_at, version) VALUES (3, 7, 'LLM', 0, 'active', 0, 0, 1);
                INSERT INTO digests (id, subscriber_id, period, state, created_at) VALUES (11, 7, '2026-11-29', 'sent', 0);
                INSERT INTO matches (alert_id, paper_id, subscriber_id, matched_at, relevance, score, hits, digest_id) VALUES (3, '2601.00001', 7, 0, 1, 1, '[]', 11);
                INSERT INTO digest_items (digest_id, alert_id, paper_id) VALUES (11, 3, '2601.00001');
                -- A paper mailed through an alert deleted since: its match went with the alert, the digest's item stayed.
                INSERT INTO papers (id, title, abstract, authors, ai_keywords, categories, sources, first_seen_at, changed_at, change_seq)
                VALUES ('2601.00002', 'U', '', '[]', '[]', '[]', '[]', 0, 0, 2);
                INSERT INTO digest_items (digest_id, alert_id, paper_id) VALUES (11, 4, '2601.00002');
                """);
        }

        Assert.Equal(SqliteMigrator.LatestVersion - 4, await SqliteMigrator.MigrateAsync(db));

        await using var migrated = await db.OpenAsync();
        Assert.Equal([(7L, "2601.00001", 11L), (7L, "2601.00002", 11L)],
            await migrated.QueryAsync<(long, string, long)>("SELECT subscriber_id, paper_id, digest_id FROM mailed_papers ORDER BY paper_id"));
        Assert.Equal(0, await new DigestStore(db).PlanAsync("2026-11-30", null, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void MigrationsAreNumberedWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, SqliteMigrator.Migrations.Count), SqliteMigrator.Migrations.Select(m => m.Version));
    }

    [Fact]
    public async Task AConnectionWaitsForAnotherWriterInsteadOfFailing()
    {
        using var test = await TestDatabase.CreateAsync();
        await using var holder = await test.Database.OpenAsync();
        await using var tx = (SqliteTransaction)await holder.BeginTransactionAsync();
        await using (var write = holder.CreateCommand())
        {
            write.Transaction = tx;
            write.CommandText = "INSERT INTO source_runs (source, kind, started_at) VALUES ('a', 'File', 1)";
            await write.ExecuteNonQueryAsync();
        }

        var insertRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Task.Run(async () =>
        {
            await using var other = await test.Database.OpenAsync();
            // SQLite reports a statement as it starts to run, just before it asks for the write lock the holder has.
            SQLitePCL.raw.sqlite3_trace(other.Handle, (_, sql) =>
            {
                if (sql.Contains("'b'", StringComparison.Ordinal)) insertRunning.TrySetResult();
            }, null);
            await using var insert = other.CreateCommand();
            insert.CommandText = "INSERT INTO source_runs (source, kind, started_at) VALUES ('b', 'File', 2)";
            return await insert.ExecuteNonQueryAsync();
        });
        await insertRunning.Task.WaitAsync(TimeSpan.FromMinutes(2));
        // The insert cannot finish while the lock is held; a connection that did not wait would fail with SQLITE_BUSY.
        Assert.False(waiting.IsCompleted);
        await tx.CommitAsync();

        Assert.Equal(1, await waiting);
    }
}
