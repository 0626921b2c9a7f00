using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Shared;
using PaperMail.Tests.Support;

namespace PaperMail.Benchmarks;

/// <summary>
/// The digest job's item read (<see cref="IDigestStore.GetItemsAsync"/>) on SQLite and on PostgreSQL, in one run over
/// the same world as <c>-- digest-stages</c> (N subscribers, two broad alerts each, a real match run, one plan): every
/// claimed batch read several times, with this process's CPU and the wall time per digest. On PostgreSQL the server's
/// own CPU is not in the process figure; the wall time holds it.
/// </summary>
public static class DigestItemsBenchmark
{
    private const int Rounds = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PAPERMAIL_WEB", Path.Combine(RepoPaths.RepositoryRoot, "src", "PaperMail.Web"));
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        try
        {
            var sqlite = await MeasureAsync("SQLite", null, subscribers);
            var postgres = await MeasureAsync("PostgreSQL", cluster.ConnectionString(await cluster.CreateEmptyDatabaseAsync()), subscribers);
            Console.WriteLine($"read items  PostgreSQL / SQLite: CPU {postgres.Cpu / sqlite.Cpu:F2}x, wall {postgres.Wall / sqlite.Wall:F2}x");
            return 0;
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private sealed record Timings(double Cpu, double Wall);

    private static async Task<Timings> MeasureAsync(string label, string? postgres, int subscribers)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new PaperMailApp()
            .With("PaperMail:Smtp:FromAddress", "alerts@papermail.bench")
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));
        if (postgres is not null) app.With("PaperMail:Database:Provider", "PostgreSql").With("ConnectionStrings:PaperMail", postgres);
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        var database = services.GetRequiredService<IStoreDatabase>();
        await using (var connection = await database.OpenAsync())
        {
            await using var tx = await connection.BeginTransactionAsync();
            for (var i = 0; i < subscribers; i++)
            {
                var id = await connection.ExecuteScalarAsync<long>("""
                    INSERT INTO subscribers (email, email_key, frequency, state, created_at, state_changed_at)
                    VALUES (@email, @email, 'daily', 'active', 0, 0) RETURNING id
                    """, new { email = $"reader{i}@example.org" }, tx);
                await connection.ExecuteAsync("""
                    INSERT INTO alerts (subscriber_id, query, paused, state, created_at, updated_at) VALUES (@id, 'model', 0, 'active', 0, 0);
                    INSERT INTO alerts (subscriber_id, query, paused, state, created_at, updated_at) VALUES (@id, 'language', 0, 'active', 0, 0);
                    """, new { id }, tx);
            }
            await tx.CommitAsync();
        }
        await services.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        var store = services.GetRequiredService<IDigestStore>();
        var now = clock.GetUtcNow();
        await store.PlanAsync("p1", null, now, CancellationToken.None);
        var batches = new List<long[]>();
        while (await store.ClaimAsync(now, now - DigestService.ClaimTimeout, DigestService.BatchSize, "bench#1", CancellationToken.None) is { Count: > 0 } claimed)
        {
            batches.Add([.. claimed.Select(d => d.Id)]);
        }

        // The first round warms up (JIT, caches); the median of the others is reported.
        var cpu = new List<double>();
        var wall = new List<double>();
        var items = 0;
        for (var round = 0; round <= Rounds; round++)
        {
            items = 0;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (var batch in batches) items += (await store.GetItemsAsync(batch, CancellationToken.None)).Values.Sum(v => v.Count);
            if (round == 0) continue;
            wall.Add(watch.Elapsed.TotalMicroseconds / subscribers);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / subscribers);
        }
        var timings = new Timings(cpu.Order().ElementAt(Rounds / 2), wall.Order().ElementAt(Rounds / 2));
        Console.WriteLine($"{label,-11} read items per digest: CPU {timings.Cpu,6:N0} us, wall {timings.Wall,6:N0} us   ({items / (double)subscribers:N1} items per digest, {store.GetType().Name})");
        return timings;
    }
}
