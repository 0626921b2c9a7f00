using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Core.Matching.Index;
using PaperMail.Core.Papers;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Matching;

/// <summary>
/// Loads the repository's sample data as <see cref="Paper"/> records: the seed papers, the 1,000-paper corpus sample
/// (tests) and the whole corpus (benchmarks). Papers go through the production parser and merge, as ingestion would
/// store them.
/// </summary>
public static class MatchingTestData
{
    private static readonly Lazy<IReadOnlyList<Paper>> Seed = new(() => Load(RepoPaths.SeedPapers, int.MaxValue));
    private static readonly Lazy<IReadOnlyList<Paper>> Sample = new(() => Load(RepoPaths.CorpusSample, int.MaxValue));

    /// <summary>The 33 papers of seed-papers.json.</summary>
    public static IReadOnlyList<Paper> SeedPapers => Seed.Value;

    /// <summary>The 1,000 papers of the corpus sample (the first 1,000 of the whole corpus).</summary>
    public static IReadOnlyList<Paper> CorpusPapers => Sample.Value;

    public static IReadOnlyList<MatchablePaper> Matchable(IEnumerable<Paper> papers) => [.. papers.Select(MatchablePaper.From)];

    /// <summary>The first <paramref name="count"/> papers of the whole corpus, read by the production parser.</summary>
    public static List<Paper> LoadCorpus(int count) => Load(RepoPaths.BenchmarkCorpus, count);

    // The same parser and merge rules as ingestion, so tests and benchmarks see papers exactly as the store holds them.
    private static List<Paper> Load(string path, int count)
    {
        using var stream = File.OpenRead(path);
        var parsed = DocumentParser.ParseAsync(stream, Path.GetFileName(path), null, CancellationToken.None).GetAwaiter().GetResult();
        return [.. parsed.Papers.Take(count).Select(p => PaperMerge.Merge(null, p, "test-data", DateTimeOffset.UnixEpoch).Paper!)];
    }
}
