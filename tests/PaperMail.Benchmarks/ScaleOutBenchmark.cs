using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Postgres;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.MultiNode;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Benchmarks;

/// <summary>
/// PostgreSQL against SQLite, and two nodes against one on PostgreSQL, in one run on the same data: N subscribers with
/// two broad alerts each over the demo papers; the match job, then the digest job (claim, compose, render, send to a
/// local SMTP sink that answers at once, record), and the job's item read of every digest again on its own. Then the
/// claim protocol alone (claim a batch, mark it sent under the
/// claim) per digest, on each provider. The nodes are app hosts in this process (the same code paths as separate
/// processes, sharing this machine's cores). With <c>items</c>: one node on each provider only.
/// </summary>
public static class ScaleOutBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PAPERMAIL_WEB", Path.Combine(RepoPaths.RepositoryRoot, "src", "PaperMail.Web"));
        await using var sink = new SlowSmtpSink(TimeSpan.Zero);
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        try
        {
            // A warm-up round so that neither provider pays the first JIT of the shared code.
            await MeasureAsync("warm-up", null, subscribers / 4, 1, sink);
            var sqlite = await MeasureAsync("SQLite, 1 node", null, subscribers, 1, sink);
            var postgres = await MeasureAsync("PostgreSQL, 1 node", cluster.ConnectionString(await cluster.CreateEmptyDatabaseAsync()), subscribers, 1, sink);
            Console.WriteLine($"item read   PostgreSQL / SQLite wall time: {postgres.Items.Wall / sqlite.Items.Wall:F2}x, this process's CPU: {postgres.Items.Cpu / sqlite.Items.Cpu:F2}x");
            if (args.ElementAtOrDefault(1) == "items") return 0;
            var two = await MeasureAsync("PostgreSQL, 2 nodes", cluster.ConnectionString(await cluster.CreateEmptyDatabaseAsync()), subscribers, 2, sink);
            Console.WriteLine();
            Console.WriteLine($"match job   PostgreSQL / SQLite time: {postgres.Match / sqlite.Match:F2}x");
            Console.WriteLine($"digest job  PostgreSQL / SQLite time: {postgres.Digest / sqlite.Digest:F2}x");
            Console.WriteLine($"digest job  PostgreSQL 2 nodes / 1 node time: {two.Digest / postgres.Digest:F2}x   ({Environment.ProcessorCount} cores)");

            var claimSqlite = await ClaimProtocolAsync(await SqliteWorld.CreateAsync(), subscribers);
            var claimPostgres = await ClaimProtocolAsync(await PostgresWorld.CreateAsync(cluster), subscribers);
            Console.WriteLine($"claim + mark sent per digest: SQLite {claimSqlite * 1000:F0} us, PostgreSQL {claimPostgres * 1000:F0} us;"
                + $"   share of the digest job per digest: SQLite {claimSqlite / 1000 / (sqlite.Digest / subscribers):P1}, PostgreSQL {claimPostgres / 1000 / (postgres.Digest / subscribers):P1}");
            return 0;
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private sealed record Timings(double Match, double Digest, (double Cpu, double Wall) Items);

    private static async Task<Timings> MeasureAsync(string label, string? postgres, int subscribers, int nodes, SlowSmtpSink sink)
    {
        // A Monday after the send hour: daily and weekly digests are both due.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        var apps = Enumerable.Range(1, nodes).Select(n =>
        {
            var app = new PaperMailApp()
                .With("PaperMail:Smtp:Port", sink.Port.ToString(CultureInfo.InvariantCulture))
                .With("PaperMail:Digest:NodeName", $"bench-{n}")
                .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
                .WithServices(s => s.AddSingleton<TimeProvider>(clock));
            if (postgres is not null) app.With("PaperMail:Database:Provider", "PostgreSql").With("ConnectionStrings:PaperMail", postgres);
            return app;
        }).ToList();
        try
        {
            var scopes = apps.Select(a => a.Services.CreateScope()).ToList();
            var first = scopes[0].ServiceProvider;
            await first.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
            await using (var connection = await OpenAsync(first))
            {
                await using var tx = await connection.BeginTransactionAsync();
                for (var i = 0; i < subscribers; i++)
                {
                    var email = $"reader{i}@example.org";
                    var id = await connection.ExecuteScalarAsync<long>("""
                        INSERT INTO subscribers (email, email_key, frequency, state, created_at, state_changed_at)
                        VALUES (@email, @email, 'daily', 'active', 0, 0) RETURNING id
                        """, new { email }, tx);
                    await connection.ExecuteAsync("""
                        INSERT INTO alerts (subscriber_id, query, paused, state, created_at, updated_at) VALUES (@id, 'model', 0, 'active', 0, 0);
                        INSERT INTO alerts (subscriber_id, query, paused, state, created_at, updated_at) VALUES (@id, 'language', 0, 'active', 0, 0);
                        """, new { id }, tx);
                }
                await tx.CommitAsync();
            }

            var watch = Stopwatch.StartNew();
            var matched = await first.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
            var match = watch.Elapsed.TotalSeconds;
            var before = sink.Total;
            watch.Restart();
            var runs = await Task.WhenAll(scopes.Select(s => s.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None)));
            var digest = watch.Elapsed.TotalSeconds;
            var sent = runs.Sum(r => r.Sent);
            if (sent != subscribers || sink.Total - before != subscribers) throw new InvalidOperationException($"{label}: expected {subscribers} digests, sent {sent}, received {sink.Total - before}");
            var items = await ReadItemsAsync(first);
            Console.WriteLine($"{label,-20} match job {match:F2} s ({matched.MatchesAdded:N0} matches), digest job {digest:F2} s = {subscribers / digest:N0} digests/s"
                + (nodes > 1 ? $" (per node: {string.Join(", ", runs.Select(r => r.Sent))})" : "")
                + $"; item read per digest {items.Wall:N0} us wall, {items.Cpu:N0} us CPU");
            foreach (var scope in scopes) scope.Dispose();
            return new Timings(match, digest, items);
        }
        finally
        {
            foreach (var app in apps) await app.DisposeAsync();
        }
    }

    /// <summary>
    /// Microseconds per digest, wall and this process's CPU, to read every digest's items again in the job's batches:
    /// the median of three rounds after one that warms up. A PostgreSQL server's own CPU shows in the wall time only.
    /// </summary>
    private static async Task<(double Cpu, double Wall)> ReadItemsAsync(IServiceProvider services)
    {
        long[] ids;
        await using (var connection = await OpenAsync(services)) ids = [.. await connection.QueryAsync<long>("SELECT id FROM digests ORDER BY id")];
        var store = services.GetRequiredService<IDigestStore>();
        var rounds = new List<(double Cpu, double Wall)>();
        for (var round = 0; round < 4; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (var batch in ids.Chunk(DigestService.BatchSize)) await store.GetItemsAsync(batch, CancellationToken.None);
            if (round > 0) rounds.Add(((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / ids.Length, watch.Elapsed.TotalMicroseconds / ids.Length));
        }
        return (rounds.Select(r => r.Cpu).Order().ElementAt(1), rounds.Select(r => r.Wall).Order().ElementAt(1));
    }

    private static async Task<DbConnection> OpenAsync(IServiceProvider services) =>
        services.GetService<PostgresDatabase>() is { } postgres ? await postgres.OpenAsync() : await services.GetRequiredService<SqliteDatabase>().OpenAsync();

    /// <summary>Milliseconds per digest of claiming in batches of <see cref="DigestService.BatchSize"/> and marking each batch sent under its claim.</summary>
    private static async Task<double> ClaimProtocolAsync(StoreWorld world, int subscribers)
    {
        await using var _ = world;
        await DigestSeed.SeedAsync(world, subscribers);
        var now = DateTimeOffset.UtcNow;
        await world.Digests.PlanAsync(now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, now);
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (await world.Digests.ClaimAsync(now, now.AddMinutes(-10), DigestService.BatchSize, "bench#1") is { Count: > 0 } batch)
        {
            await world.Digests.MarkSentAsync([.. batch.Select(d => (d.Id, $"<{d.Id}@bench>"))], now, default, "bench#1");
            count += batch.Count;
        }
        if (count != subscribers) throw new InvalidOperationException($"{world.Provider}: claimed {count} of {subscribers}");
        return watch.Elapsed.TotalMilliseconds / count;
    }
}
