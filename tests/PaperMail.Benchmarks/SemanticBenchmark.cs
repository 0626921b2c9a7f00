using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperMail.Core.Semantic;
using PaperMail.Semantic;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;
using PaperMail.Tests.Matching;

namespace PaperMail.Benchmarks;

/// <summary>
/// <c>semantic-embed [N]</c>: model load time, papers/s over N corpus papers (batched as the embed job does) against
/// one paper per call, the back-fill time of the whole corpus worked out from it, and the peak working set.
/// <c>semantic-match [alerts] [papers] [runs]</c>: 1,000 new papers against 100,000 alert vectors with the matrix
/// kernel (wall and CPU time, GMAC/s), against the plain loop over the same vectors in the same run, and the memory
/// the alert vectors take.
/// </summary>
internal static class SemanticBenchmark
{
    public static void Embed(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 256;
        var options = new SemanticOptions { Enabled = true };
        var texts = MatchingTestData.LoadCorpus(count).Select(EmbeddingText.For).ToList();
        var before = Environment.WorkingSet;
        var load = Stopwatch.StartNew();
        using var embedder = new MiniLmEmbedder(Options.Create(options));
        embedder.Embed(["warm up"], CancellationToken.None);
        load.Stop();
        Console.WriteLine($"model load + first call: {load.Elapsed.TotalSeconds:F1} s; working set {before / 1e6:F0} MB -> {Environment.WorkingSet / 1e6:F0} MB");

        var single = Stopwatch.StartNew();
        int singles = Math.Min(32, count);
        foreach (var text in texts.Take(singles)) embedder.Embed([text], CancellationToken.None);
        var singleRate = singles / single.Elapsed.TotalSeconds;

        var batched = Stopwatch.StartNew();
        foreach (var batch in texts.Chunk(options.BatchSize)) embedder.Embed(batch, CancellationToken.None);
        var rate = count / batched.Elapsed.TotalSeconds;
        Console.WriteLine($"batched ({options.BatchSize}/call): {rate:F1} papers/s over {count} papers; one per call: {singleRate:F1} papers/s over {singles}; ratio {rate / singleRate:F2}x");
        Console.WriteLine($"back-fill of the 9,577-paper corpus at that rate: {9577 / rate / 60:F1} min");
        Console.WriteLine($"peak working set with the model loaded: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }

    public static void Match(string[] args)
    {
        int alerts = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        int papers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
        int repeats = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
        const int D = 384;
        var random = new Random(22);
        // Random unit vectors around a few hundred topics, so that some pairs pass the threshold as real ones would.
        var topics = Enumerable.Range(0, 300).Select(_ => RandomUnit(random, D)).ToList();
        float[] Near(float[] topic) => CompactVector.Normalize([.. topic.Select(x => x + (float)(random.NextDouble() - 0.5) * 0.12f)]);
        var alertVectors = Enumerable.Range(0, alerts).Select(_ => Near(topics[random.Next(topics.Count)])).ToList();
        var thresholds = Enumerable.Repeat((float)SimilarAlert.DefaultThreshold, alerts).ToList();
        var memoryBefore = GC.GetTotalMemory(true);
        var matrix = new SimilarityMatrix(D, alertVectors, thresholds);
        var memoryAfter = GC.GetTotalMemory(true);
        var paperVectors = Enumerable.Range(0, papers).Select(_ => Near(topics[random.Next(topics.Count)])).ToList();
        Console.WriteLine($"{alerts} alert vectors: {matrix.Bytes / 1e6:F1} MB in the matrix (managed heap grew {(memoryAfter - memoryBefore) / 1e6:F1} MB); as stored (int8 + scale) {alerts * (D + 4) / 1e6:F1} MB");

        matrix.Match(paperVectors.Take(8).ToList()); // JIT warm-up
        var macs = (double)alerts * papers * D;
        var times = new List<double>();
        List<SimilarPair> found = [];
        for (int i = 0; i < repeats; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var fast = Stopwatch.StartNew();
            found = matrix.Match(paperVectors);
            fast.Stop();
            // CPU time says what the kernel does per core-second whatever else the machine runs meanwhile.
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            times.Add(fast.Elapsed.TotalSeconds);
            Console.WriteLine($"kernel run {i + 1} ({Environment.ProcessorCount} cores): {papers} papers x {alerts} alerts in {fast.Elapsed.TotalSeconds:F2} s = {macs / fast.Elapsed.TotalSeconds / 1e9:F1} GMAC/s; CPU {cpuSeconds:F2} s = {macs / cpuSeconds / 1e9:F1} GMAC per core-second; {found.Count} pairs at or above {SimilarAlert.DefaultThreshold}; load average {LoadAverage()}");
        }

        var naiveCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var naive = Stopwatch.StartNew();
        var expected = SimilarityMatrix.MatchNaive(alertVectors, thresholds, paperVectors);
        naive.Stop();
        var naiveCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - naiveCpu).TotalSeconds;
        Console.WriteLine($"naive loop (one pair, one multiply at a time, one core): {naive.Elapsed.TotalSeconds:F2} s = {macs / naive.Elapsed.TotalSeconds / 1e9:F2} GMAC/s; CPU {naiveCpuSeconds:F2} s = {macs / naiveCpuSeconds / 1e9:F2} GMAC per core-second; {expected.Count} pairs");
        Console.WriteLine($"speed-up: best {naive.Elapsed.TotalSeconds / times.Min():F1}x, median {naive.Elapsed.TotalSeconds / times.Order().ElementAt(times.Count / 2):F1}x; same pairs: {Same(found, expected)}; load average {LoadAverage()}");
    }

    /// <summary>
    /// <c>semantic-step [alerts] [papers]</c>: the whole semantic step of the match job (stamp, alert vectors read and
    /// decoded when they changed, paper vectors read, the kernel, filters and reasons) over a real SQLite file holding
    /// the alerts with their stored vectors and the papers with theirs: the first run (alerts read and the matrix
    /// built), then runs with the matrix kept; and the memory the kept alerts take.
    /// </summary>
    public static async Task StepAsync(string[] args)
    {
        int alertCount = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        int paperCount = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
        const int D = 384;
        var random = new Random(22);
        var topics = Enumerable.Range(0, 300).Select(_ => RandomUnit(random, D)).ToList();
        float[] Near(float[] topic) => CompactVector.Normalize([.. topic.Select(x => x + (float)(random.NextDouble() - 0.5) * 0.12f)]);
        using var db = await TestDatabase.CreateAsync();
        var paperStore = new PaperStore(db.Database);
        var semanticStore = new SemanticStore(db.Database);
        var model = new StoredVectorsOnly();
        var clock = TimeProvider.System;

        var incoming = Enumerable.Range(0, paperCount).Select(i => new Core.Papers.IncomingPaper
        {
            Id = $"2612.{i:D5}", Title = $"Paper {i} on topic", Abstract = $"Abstract of paper {i}.", Authors = ["A. Author"],
        }).ToList();
        await paperStore.UpsertAsync("bench", incoming, clock.GetUtcNow());
        var pending = await semanticStore.GetPendingPapersAsync(model.Model, paperCount);
        await semanticStore.SaveEmbeddingsAsync(model.Model, [.. pending.Select(p =>
            (p.Id, p.ChangeSeq, EmbeddingText.Hash(EmbeddingText.For(p.Title, p.Abstract)), CompactVector.Encode(Near(topics[random.Next(topics.Count)]))))], clock.GetUtcNow());

        var seeding = Stopwatch.StartNew();
        await using (var connection = await db.Database.OpenAsync())
        {
            await using var tx = connection.BeginTransaction();
            var spec = new SimilarAlert("a description", [], SimilarAlert.DefaultThreshold).ToJson();
            await connection.ExecuteAsync("""
                INSERT INTO subscribers (id, email, email_key, frequency, state, created_at, state_changed_at)
                VALUES (@i, @email, @email, 'daily', 'active', 0, 0);
                INSERT INTO alerts (id, subscriber_id, query, state, created_at, updated_at, version, backfilled_version, similar_to)
                VALUES (@i, @i, '', 'active', 0, 0, 2, 2, @spec);
                INSERT INTO alert_embeddings (alert_id, version, model, vector, parts) VALUES (@i, 2, @model, @vector, @parts);
                """, Enumerable.Range(1, alertCount).Select(i =>
            {
                var vector = CompactVector.Encode(Near(topics[random.Next(topics.Count)]));
                // One alert in ten has a description and an example: its digest reason needs its parts' vectors.
                var parts = i % 10 == 0
                    ? $$"""[{"Reason":"close to your description","Vector":"{{Convert.ToBase64String(vector)}}"},{"Reason":"close to “an example”","Vector":"{{Convert.ToBase64String(CompactVector.Encode(Near(topics[0])))}}"}]"""
                    : $$"""[{"Reason":"close to your description","Vector":"{{Convert.ToBase64String(vector)}}"}]""";
                return new { i, email = $"s{i}@example.org", spec, model = model.Model, vector, parts };
            }), tx);
            await tx.CommitAsync();
        }
        Console.WriteLine($"seeded {alertCount} similar-papers alerts with stored vectors and {paperCount} papers in {seeding.Elapsed.TotalSeconds:F1} s");

        var page = await paperStore.GetChangedAfterAsync(0, paperCount);
        var cache = new SemanticAlertCache();
        var options = Options.Create(new SemanticOptions { Enabled = true });
        SemanticMatcher Matcher()
        {
            var embedder = new PaperEmbedder(semanticStore, model, options, clock, NullLogger<PaperEmbedder>.Instance);
            var alerts = new SimilarAlertEmbedder(embedder, model, paperStore, NullLogger<SimilarAlertEmbedder>.Instance);
            return new SemanticMatcher(semanticStore, embedder, alerts, paperStore, NullLogger<SemanticMatcher>.Instance, cache);
        }

        var before = GC.GetTotalMemory(true);
        for (int run = 0; run < 4; run++)
        {
            var step = Stopwatch.StartNew();
            var found = await Matcher().MatchAsync(page, CancellationToken.None);
            step.Stop();
            Console.WriteLine($"{(run == 0 ? "first run (alerts read, matrix built)" : $"run {run + 1} (matrix kept)")}: {page.Count} papers x {alertCount} alerts, whole semantic step {step.Elapsed.TotalSeconds:F2} s, {found.Count} matches; builds so far {cache.Builds}; load average {LoadAverage()}");
            if (run == 0)
            {
                var held = GC.GetTotalMemory(true) - before;
                Console.WriteLine($"held between runs: matrix {cache.MatrixBytes / 1e6:F1} MB; managed heap grew {held / 1e6:F1} MB in all (matrix, filters, reasons, decoded parts of matched alerts)");
            }
        }
    }

    /// <summary>
    /// <c>semantic-app</c>: the app's peak working set with the model loaded. The real app (in-process host, SQLite,
    /// <c>PaperMail:Semantic:Enabled=true</c>, the real model) ingests the demo papers, embeds them, gets one
    /// similar-papers alert per demo paper, and runs the match job; then reads VmHWM from /proc/self/status.
    /// </summary>
    public static async Task AppAsync()
    {
        static string Status(string key) => File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim();
        await using var app = new PaperMailApp()
            .With("PaperMail:Semantic:Enabled", "true")
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        using var client = app.CreateClient(); // starts the host
        var startedHwm = Status("VmHWM");
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<PaperMail.Web.Ingestion.IngestJob>().RunAsync(CancellationToken.None);
        var embed = Stopwatch.StartNew();
        var embedded = await services.GetRequiredService<PaperEmbedder>().EmbedPendingAsync(int.MaxValue, CancellationToken.None);
        embed.Stop();
        var ids = (await services.GetRequiredService<Core.Papers.IPaperStore>().GetChangedAfterAsync(0, 1000)).Select(p => p.Id).ToList();
        var db = new SqliteDatabase($"Data Source={app.DatabasePath}", app.Folder);
        await using (var connection = await db.OpenAsync())
        {
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                var subscriber = await SubscriptionRows.AddSubscriberAsync(db, $"s{i}@example.org");
                var alert = await SubscriptionRows.AddAlertAsync(db, subscriber, "");
                var spec = new SimilarAlert(i % 2 == 0 ? "language models that reason step by step" : null, [id], SimilarAlert.DefaultThreshold);
                await connection.ExecuteAsync("UPDATE alerts SET similar_to = @json, version = 2 WHERE id = @alert", new { json = spec.ToJson(), alert });
            }
        }
        var run = await services.GetRequiredService<Core.Matching.Job.MatchingService>().RunAsync(CancellationToken.None);
        Console.WriteLine($"demo data: {ids.Count} papers embedded ({embedded} looked at) in {embed.Elapsed.TotalSeconds:F1} s; {ids.Count} similar-papers alerts; match run added {run.MatchesAdded} matches");
        Console.WriteLine($"peak working set (VmHWM): {Status("VmHWM")} with the model loaded, embedding and matching ({startedHwm} once the host had started, before the model); Process.PeakWorkingSet64 {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB; load average {LoadAverage()}");
    }

    /// <summary>The model stand-in of the step benchmark: every vector is stored beforehand, so it is never asked.</summary>
    private sealed class StoredVectorsOnly : ITextEmbedder
    {
        public string Model => "bench-stored-384";

        public int Dimensions => 384;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct) => throw new InvalidOperationException("Every vector was stored beforehand.");
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static bool Same(List<SimilarPair> a, List<SimilarPair> b)
    {
        // Summation order differs, so a pair within rounding of its threshold may fall either side; count those apart.
        var x = a.Select(p => (p.Row, p.Column)).ToHashSet();
        var y = b.Select(p => (p.Row, p.Column)).ToHashSet();
        return x.SetEquals(y);
    }

    private static float[] RandomUnit(Random random, int d) =>
        CompactVector.Normalize([.. Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
}
