using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Core.Semantic;
using PaperMail.Semantic;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Benchmarks;

/// <summary>
/// <c>semantic-backfill &lt;db-path&gt; [papers-per-round]</c>: the corpus back-fill through the app's own path. The
/// corpus is ingested into a real SQLite store at the given path (once), then <see cref="PaperEmbedder"/> works through
/// the pending papers exactly as the <c>embed</c> job does, a round of papers at a time, until none is left. Resumable
/// like the job: run it again on the same file and it carries on from the papers that still have no vector. It prints
/// papers/s, the elapsed time and the load average per round and in total; <c>semantic-eval --vectors &lt;db-path&gt;</c>
/// then reads the vectors back instead of embedding the corpus again.
/// </summary>
internal static class SemanticBackfill
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.WriteLine("usage: semantic-backfill <db-path> [papers-per-round]");
            return 1;
        }
        var path = Path.GetFullPath(args[0]);
        int round = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 256;
        var db = new SqliteDatabase($"Data Source={path}", Path.GetDirectoryName(path)!);
        await SqliteMigrator.MigrateAsync(db);
        var papers = new PaperStore(db);
        if (await papers.CountAsync() == 0)
        {
            await using var stream = File.OpenRead(RepoPaths.BenchmarkCorpus);
            var parsed = await DocumentParser.ParseAsync(stream, Path.GetFileName(RepoPaths.BenchmarkCorpus), null, CancellationToken.None);
            await papers.UpsertAsync("corpus", parsed.Papers, DateTimeOffset.UtcNow);
            Console.WriteLine($"ingested {parsed.Papers.Count} corpus papers into {path}");
        }

        var options = Options.Create(new SemanticOptions { Enabled = true });
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }));
        using var model = new MiniLmEmbedder(options);
        var store = new SemanticStore(db);
        var embedder = new PaperEmbedder(store, model, options, TimeProvider.System, loggers.CreateLogger<PaperEmbedder>());
        var (haveAtStart, total) = await store.CountAsync(model.Model);
        Console.WriteLine($"{haveAtStart} of {total} papers already have a vector from {model.Model}; batch size {options.Value.BatchSize}, {Environment.ProcessorCount} cores");

        var started = Stopwatch.StartNew();
        var loads = new List<double>();
        int done = 0;
        while (true)
        {
            var roundWatch = Stopwatch.StartNew();
            int n = await embedder.EmbedPendingAsync(round, CancellationToken.None);
            if (n == 0) break;
            done += n;
            var load = LoadAverage();
            loads.Add(load);
            var (have, _) = await store.CountAsync(model.Model);
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} round: {n} papers, {n / roundWatch.Elapsed.TotalSeconds:F2} papers/s; " +
                $"{have}/{total} done; this run {done} in {started.Elapsed.TotalMinutes:F1} min ({done / started.Elapsed.TotalSeconds:F2} papers/s); load {load:F1}");
        }
        var (end, _) = await store.CountAsync(model.Model);
        Console.WriteLine($"back-fill finished: {end}/{total} papers have a vector; this run embedded {done} in {started.Elapsed.TotalMinutes:F1} min " +
            $"({(done == 0 ? 0 : done / started.Elapsed.TotalSeconds):F2} papers/s); load average over the run: " +
            (loads.Count == 0 ? "n/a" : $"mean {loads.Average():F1}, min {loads.Min():F1}, max {loads.Max():F1}"));
        return 0;
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
