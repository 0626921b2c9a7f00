using System.Diagnostics;
using Microsoft.Extensions.Options;
using PaperMail.Core.Semantic;
using PaperMail.Semantic;
using PaperMail.Tests.Matching;

namespace PaperMail.Benchmarks;

/// <summary>
/// <c>semantic-embed [N]</c>: model load time, papers/s over N corpus papers (batched as the embed job does) against
/// one paper per call, the back-fill time of the whole corpus worked out from it, and the peak working set.
/// <c>semantic-match [alerts] [papers]</c>: 1,000 new papers against 100,000 alert vectors with the blocked SIMD
/// matrix, against the plain loop over the same vectors in the same run, and the memory the alert vectors take.
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
            var fast = Stopwatch.StartNew();
            found = matrix.Match(paperVectors);
            fast.Stop();
            times.Add(fast.Elapsed.TotalSeconds);
            Console.WriteLine($"kernel run {i + 1} ({Environment.ProcessorCount} cores): {papers} papers x {alerts} alerts in {fast.Elapsed.TotalSeconds:F2} s = {macs / fast.Elapsed.TotalSeconds / 1e9:F1} GMAC/s, {found.Count} pairs at or above {SimilarAlert.DefaultThreshold}; load average {LoadAverage()}");
        }

        var naive = Stopwatch.StartNew();
        var expected = SimilarityMatrix.MatchNaive(alertVectors, thresholds, paperVectors);
        naive.Stop();
        Console.WriteLine($"naive loop (one pair, one multiply at a time): {naive.Elapsed.TotalSeconds:F2} s = {macs / naive.Elapsed.TotalSeconds / 1e9:F2} GMAC/s, {expected.Count} pairs");
        Console.WriteLine($"speed-up: best {naive.Elapsed.TotalSeconds / times.Min():F1}x, median {naive.Elapsed.TotalSeconds / times.Order().ElementAt(times.Count / 2):F1}x; same pairs: {Same(found, expected)}; load average {LoadAverage()}");
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
