using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion;

/// <summary>File sources through the app's ingestion wiring: a folder of mixed formats, and a gzip JSON-lines file.</summary>
[Collection(nameof(AppCollection))]
public sealed class FileSourceIngestionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EveryFileOfAFolderIsReadWhateverItsFormat()
    {
        // A Hugging Face day (15 papers) and an arXiv API answer (1 paper, not among them), under names that say nothing.
        File.Copy(RepoPaths.Fixture("hf-daily-papers-2024-08-14.json"), _folder.File("a"));
        File.Copy(RepoPaths.Fixture("arxiv-api-2026-id_list-1605.08386.xml"), _folder.File("b"));
        await using var bed = await IngestionTestBed.StartAsync((app, _) => app.WithSource(0, "folder", "File", path: _folder.Path));

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Null(run.Error);
        Assert.Equal((16, 16), (run.Fetched, run.New));
        Assert.Equal(16, await bed.Papers.CountAsync());
        Assert.NotNull(await bed.Papers.GetAsync("1605.08386"));
        Assert.NotNull(await bed.Papers.GetAsync("2408.07055"));
    }

    [Fact]
    public async Task AGzipFileOfJsonLinesIsRead()
    {
        // 1,000 Hugging Face entries, one per line, gzip-compressed (a sample of the Daily Papers corpus).
        await using var bed = await IngestionTestBed.StartAsync((app, _) => app.WithSource(0, "corpus", "File", path: RepoPaths.CorpusSample));

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Null(run.Error);
        Assert.Equal((1000, 1000), (run.Fetched, run.New));
        Assert.Equal(1000, await bed.Papers.CountAsync());
    }
}
