using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Core.Matching;
using PaperMail.Core.Papers;

namespace PaperMail.Tests.Matching;

/// <summary>
/// Loads the shared sample data (../shared/data next to the repository) as <see cref="Paper"/> records.
/// Papers go through the production parser and merge, as ingestion would store them.
/// </summary>
public static class MatchingTestData
{
    private static readonly Lazy<IReadOnlyList<Paper>> Seed = new(() => LoadSeed());
    private static readonly Lazy<IReadOnlyList<Paper>> Corpus = new(() => LoadCorpus(1_000));

    public static string DataDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PaperMail.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            throw new InvalidOperationException("PaperMail.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The 33 papers of seed-papers.json.</summary>
    public static IReadOnlyList<Paper> SeedPapers => Seed.Value;

    /// <summary>The first 1,000 papers of the Daily Papers corpus.</summary>
    public static IReadOnlyList<Paper> CorpusPapers => Corpus.Value;

    public static IReadOnlyList<MatchablePaper> Matchable(IEnumerable<Paper> papers) => [.. papers.Select(MatchablePaper.From)];

    private static List<Paper> LoadSeed() => Load("seed-papers.json", int.MaxValue);

    /// <summary>The first <paramref name="count"/> papers of the corpus, read by the production parser.</summary>
    public static List<Paper> LoadCorpus(int count) => Load("hf-daily-papers-corpus.jsonl.gz", count);

    // The same parser and merge rules as ingestion, so tests and benchmarks see papers exactly as the store holds them.
    private static List<Paper> Load(string file, int count)
    {
        using var stream = File.OpenRead(Path.Combine(DataDirectory, file));
        var parsed = DocumentParser.ParseAsync(stream, file, null, CancellationToken.None).GetAwaiter().GetResult();
        return [.. parsed.Papers.Take(count).Select(p => PaperMerge.Merge(null, p, "test-data", DateTimeOffset.UnixEpoch).Paper!)];
    }
}
