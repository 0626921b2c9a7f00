using System.Diagnostics;
using PaperMail.Core.Matching;
using PaperMail.Tests.Matching;

namespace PaperMail.Benchmarks;

/// <summary>
/// Percolator vs brute force on real data: alerts generated from the Daily Papers corpus, matched against its
/// newest 1,000 papers. Document frequencies come from the other corpus papers (the "store").
/// Optional argument: alert counts, e.g. <c>match 100000 1000000</c>.
/// </summary>
internal static class MatchBenchmark
{
    private const int PaperCount = 1_000;

    public static void Run(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [100_000, 1_000_000];
        var clock = Stopwatch.StartNew();
        var corpus = MatchingTestData.LoadCorpus(int.MaxValue);
        var papers = MatchingTestData.Matchable(corpus.Skip(corpus.Count - PaperCount));
        var frequencies = DocumentFrequencies.FromPapers(MatchingTestData.Matchable(corpus.Take(corpus.Count - PaperCount)));
        Console.WriteLine($"corpus {corpus.Count} papers loaded and analysed in {clock.Elapsed.TotalSeconds:F1} s; matching {papers.Count} papers on {Environment.ProcessorCount} cores");

        foreach (int size in sizes) RunOne(size, corpus, papers, frequencies);
        Console.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
    }

    private static void RunOne(int alertCount, IReadOnlyList<PaperMail.Core.Papers.Paper> corpus, IReadOnlyList<MatchablePaper> papers, DocumentFrequencies frequencies)
    {
        Console.WriteLine();
        Console.WriteLine($"== {alertCount:N0} alerts ==");
        long before = Settled();

        // Queries are parsed and handed to the builder one by one, as the match job would stream them from the store.
        var generator = new CorpusQueryGenerator(corpus, seed: alertCount);
        var builder = new PercolatorBuilder(frequencies);
        var parse = new Stopwatch();
        var add = new Stopwatch();
        var random = new Random(alertCount);
        for (int added = 0; added < alertCount;)
        {
            parse.Start();
            var result = QueryParser.Parse(generator.Next());
            parse.Stop();
            if (!result.IsSuccess) continue;
            add.Start();
            builder.Add(new AlertDefinition(added++, result.Query, random.Next(5) == 0 ? random.Next(0, 20) : null));
            add.Stop();
        }
        var build = Stopwatch.StartNew();
        var percolator = builder.Build();
        build.Stop();
        builder = null;
        long indexBytes = Settled() - before;
        Console.WriteLine($"parse {parse.Elapsed.TotalSeconds:F2} s; index build (compile + postings) {(add.Elapsed + build.Elapsed).TotalSeconds:F2} s");
        Console.WriteLine($"index: {percolator.TermCount:N0} terms, {percolator.PostingCount:N0} postings, arrays {percolator.ArrayBytes / 1e6:F1} MB, managed heap growth {indexBytes / 1e6:F1} MB (GC.GetTotalMemory after forced GC), always-verify {percolator.AlwaysVerifyCount}");

        percolator.MatchAll(papers.Take(50).ToList()); // JIT and thread-local scratch warm-up
        var match = Stopwatch.StartNew();
        var matches = percolator.MatchAll(papers);
        match.Stop();
        var candidateClock = Stopwatch.StartNew();
        long candidates = papers.Sum(p => (long)percolator.CandidateCount(p));
        Console.WriteLine($"(candidate collection alone, one core: {candidateClock.ElapsedMilliseconds} ms)");
        var seq = Stopwatch.StartNew();
        long seqMatches = papers.Sum(p => (long)percolator.Match(p).Count);
        Console.WriteLine($"(sequential match, one core: {seq.ElapsedMilliseconds} ms, {seqMatches} matches)");
        Console.WriteLine($"percolator: {papers.Count} papers in {match.Elapsed.TotalMilliseconds:F0} ms, {matches.Count:N0} matches ({matches.Count / (double)papers.Count:F1} per paper), {candidates / (double)papers.Count:F0} candidates verified per paper");

        // Brute force verifies every alert for every paper (same evaluator, same parallelism). At large sizes it
        // runs on a sample of papers and is extrapolated linearly to all of them.
        int sample = Math.Min(papers.Count, Math.Max(10, 20_000_000 / alertCount));
        var sampled = papers.Take(sample).ToList();
        var brute = Stopwatch.StartNew();
        var bruteMatches = new int[sample];
        Parallel.For(0, sample, i => bruteMatches[i] = percolator.MatchBruteForce(sampled[i]).Count);
        brute.Stop();
        double bruteFullMs = brute.Elapsed.TotalMilliseconds * papers.Count / sample;
        int indexedOnSample = sampled.Sum(p => percolator.Match(p).Count);
        string how = sample == papers.Count ? "measured" : $"measured on {sample} papers, extrapolated to {papers.Count}";
        Console.WriteLine($"brute force: {bruteFullMs:F0} ms ({how}); matches on those papers: brute {bruteMatches.Sum():N0}, percolator {indexedOnSample:N0}");
        Console.WriteLine($"speed-up: {bruteFullMs / match.Elapsed.TotalMilliseconds:F1}x");
        GC.KeepAlive(percolator);
    }

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
