using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Job;
using PaperMail.Tests.Matching;

namespace PaperMail.Benchmarks;

/// <summary>
/// What the match job pays for its index between runs: building it from scratch (parse + index every alert) against
/// applying a few alert changes to the kept one (<see cref="PercolatorCache"/>), in the same run. The updated index
/// is checked against a fresh build over the same alerts. Arguments: <c>alert-index [alerts] [changes]</c>.
/// </summary>
internal static class AlertIndexBenchmark
{
    private const int CheckedPapers = 200;

    public static async Task RunAsync(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        int changes = args.Length > 1 ? int.Parse(args[1]) : 1_000;
        var corpus = MatchingTestData.LoadCorpus(int.MaxValue);
        var papers = MatchingTestData.Matchable(corpus.Skip(corpus.Count - CheckedPapers));
        var frequencies = DocumentFrequencies.FromPapers(MatchingTestData.Matchable(corpus.Take(corpus.Count - 1_000)));
        Task<DocumentFrequencies> Frequencies(CancellationToken ct) => Task.FromResult(frequencies);

        var generator = new RealisticQueryGenerator(corpus, seed: count);
        var alerts = Enumerable.Range(1, count).Select(i => new ActiveAlert(i, i, generator.Next(), null, 1, 1)).ToList();
        long before = MatchBenchmark.Settled();
        var cache = new PercolatorCache(TimeProvider.System, NullLogger<PercolatorCache>.Instance);
        var scratch = await TimeAsync(() => cache.GetAsync(alerts, Frequencies, CancellationToken.None));
        long kept = MatchBenchmark.Settled() - before;

        // A quarter of the changes are new alerts, a quarter removed or paused, half edited.
        var random = new Random(count);
        for (int i = 0; i < changes / 2; i++)
        {
            int at = random.Next(alerts.Count);
            alerts[at] = alerts[at] with { Query = generator.Next(), Version = alerts[at].Version + 1 };
        }
        for (int i = 0; i < changes / 4; i++) alerts.RemoveAt(random.Next(alerts.Count));
        for (int i = 0; i < changes / 4; i++) alerts.Add(new ActiveAlert(count + 1 + i, 1, generator.Next(), null, 1, 1));
        var update = await TimeAsync(() => cache.GetAsync(alerts, Frequencies, CancellationToken.None));
        var unchanged = await TimeAsync(() => cache.GetAsync(alerts, Frequencies, CancellationToken.None));

        var fresh = new PercolatorCache(TimeProvider.System, NullLogger<PercolatorCache>.Instance);
        var rebuild = await TimeAsync(() => fresh.GetAsync(alerts, Frequencies, CancellationToken.None));
        bool same = papers.All(p => update.Result.Match(p).Select(m => m.AlertId).Order().SequenceEqual(rebuild.Result.Match(p).Select(m => m.AlertId).Order()));

        Console.WriteLine($"{count:N0} alerts; {changes:N0} changes (half edited, a quarter removed, a quarter new)");
        Console.WriteLine($"build from scratch (parse + index): {scratch.Seconds:F2} s, and again after the changes: {rebuild.Seconds:F2} s");
        Console.WriteLine($"apply the changes to the kept index: {update.Seconds:F2} s ({100 * update.Seconds / rebuild.Seconds:F1}% of a build from scratch)");
        Console.WriteLine($"memory kept between runs (percolator, builder, alert versions): {kept / 1e6:F0} MB after the first build; the percolator's own arrays {scratch.Result.ArrayBytes / 1e6:F0} MB");
        Console.WriteLine($"no changes (compare only): {unchanged.Seconds:F2} s; updated index matches a fresh build on {CheckedPapers} papers: {(same ? "yes" : "NO")}");
    }

    private static async Task<(T Result, double Seconds)> TimeAsync<T>(Func<Task<T>> action)
    {
        var clock = Stopwatch.StartNew();
        var result = await action();
        return (result, clock.Elapsed.TotalSeconds);
    }
}
