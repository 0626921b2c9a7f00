namespace PaperMail.Tests.Support;

/// <summary>
/// Finds the repository root (the folder holding PaperMail.sln) and the test data inside it. Nothing here reaches
/// outside the repository: a fresh clone is all the tests need.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    /// <summary>A recorded response in <c>tests/fixtures</c> (provenance in its SOURCES.md).</summary>
    public static string Fixture(string fileName) => Path.Combine(RepositoryRoot, "tests", "fixtures", fileName);

    /// <summary>The demo papers the app ships; tests read this same file rather than a copy of their own.</summary>
    public static string SeedPapers => Path.Combine(RepositoryRoot, "src", "PaperMail.Web", "DemoData", "seed-papers.json");

    /// <summary>The first 1,000 entries of the Daily Papers corpus, small enough for tests.</summary>
    public static string CorpusSample => Fixture("hf-daily-papers-corpus-sample.jsonl.gz");

    /// <summary>The whole 9,577-paper Daily Papers corpus, for the benchmarks.</summary>
    public static string BenchmarkCorpus =>
        Path.Combine(RepositoryRoot, "tests", "PaperMail.Benchmarks", "data", "hf-daily-papers-corpus.jsonl.gz");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PaperMail.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PaperMail.sln above {AppContext.BaseDirectory}");
    }
}
