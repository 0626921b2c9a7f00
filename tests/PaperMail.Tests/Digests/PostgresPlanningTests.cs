using System.Data.Common;
using Dapper;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Store.Postgres;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>
/// What planning digests does for PostgreSQL's planner: right after a bulk write, without statistics for the new rows,
/// PostgreSQL drove a slice's plan from every alert, so planning brings them up to date first; and with them, it
/// compiled the plan's inserts with its JIT, which took longer than running them, so planning turns that off for its
/// own transaction.
/// </summary>
[Collection(nameof(PostgresCollection))]
public sealed class PostgresPlanningTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private StoreWorld _world = null!;

    public async Task InitializeAsync() => _world = await PostgresWorld.CreateAsync(cluster);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task PlanningAfterABulkWriteAnalyzesTheMatchesAndAPlanWithNothingWrittenSinceDoesNot()
    {
        await using var connection = await _world.OpenAsync();
        // The test's own database: the background analyze must not do it first.
        await connection.ExecuteAsync("ALTER TABLE matches SET (autovacuum_enabled = false)");
        await _world.Papers.UpsertAsync("test", [new IncomingPaper { Id = "2601.00001", Title = "LLMs with long context" }], Now);
        var matches = new List<NewMatch>();
        for (var i = 0; i < 200; i++)
        {
            var subscriber = await _world.AddSubscriberAsync($"reader{i}@example.org");
            matches.Add(new NewMatch(await _world.AddAlertAsync(subscriber, "LLM"), subscriber, "2601.00001", 1, 1, [new TermHit("LLM", MatchFields.Title)]));
        }
        await _world.Matches.SaveAsync(matches, Now, null, []);
        // A backend reports what it wrote to the statistics a moment after its transaction: wait until it has.
        await WaitUntilAsync(async () => await ChangedSinceAnalyzeAsync(connection, "matches") >= 200);
        Assert.Null(await LastAnalyzeAsync(connection, "matches"));

        Assert.Equal(200, await _world.Digests.PlanAsync("2026-11-30", null, Now));

        var analyzed = await LastAnalyzeAsync(connection, "matches");
        Assert.NotNull(analyzed);
        Assert.Equal(0, await ChangedSinceAnalyzeAsync(connection, "matches"));
        // Nothing written to the matches since: the next plan leaves their statistics as they are.
        await _world.Digests.PlanAsync("2026-12-01", null, Now.AddDays(1));
        Assert.Equal(analyzed, await LastAnalyzeAsync(connection, "matches"));
    }

    [Fact]
    public async Task WithoutJitTurnsTheJitOffForTheRestOfTheTransactionOnly()
    {
        await using var database = new PostgresDatabase(_world.ConnectionString);
        await using var connection = await database.OpenAsync();
        var server = await connection.ExecuteScalarAsync<string>("SHOW jit");

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await database.Dialect.WithoutJitAsync(tx, CancellationToken.None);
            Assert.Equal("off", await connection.ExecuteScalarAsync<string>("SHOW jit", transaction: tx));
            await tx.CommitAsync();
        }

        Assert.Equal(server, await connection.ExecuteScalarAsync<string>("SHOW jit"));
    }

    private static Task<DateTime?> LastAnalyzeAsync(DbConnection connection, string table) =>
        connection.ExecuteScalarAsync<DateTime?>("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = @table", new { table });

    private static Task<long> ChangedSinceAnalyzeAsync(DbConnection connection, string table) =>
        connection.ExecuteScalarAsync<long>("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = @table", new { table });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "PostgreSQL did not count the writes within 30 s");
            await Task.Delay(100);
        }
    }
}
