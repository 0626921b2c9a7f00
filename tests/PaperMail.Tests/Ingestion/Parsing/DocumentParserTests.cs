using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion.Parsing;

public class DocumentParserTests
{
    [Theory]
    [InlineData("hf-daily-papers-2024-08-14.json", 15)]
    [InlineData("arxiv-api-2026-search-all_testing-start0-max10.xml", 10)]
    [InlineData("arxiv-api-legacy2016-search-au_del_maestro.xml", 10)]
    [InlineData("arxiv-rss-2024-11-28-cs.CL-items-EXCERPT.xml", 102)]
    public async Task RecognisesTheFormatFromContentOnANonSeekableStream(string fixture, int expected)
    {
        await using var stream = new NonSeekableStream(File.OpenRead(RepoPaths.Fixture(fixture)), maxReadBytes: 1000);

        var result = await DocumentParser.ParseAsync(stream, "upload.bin", null, CancellationToken.None);

        Assert.Empty(result.Skipped);
        Assert.Equal(expected, result.Papers.Count);
    }

    [Fact]
    public async Task ErrorDocumentsAreRecognisedAsFeedErrors()
    {
        await using var atom = File.OpenRead(RepoPaths.Fixture("arxiv-api-2026-id_list-abc-error-http400.xml"));
        await using var rss = File.OpenRead(RepoPaths.Fixture("arxiv-rss-2024-11-28-error-bad-archive.xml"));

        Assert.Equal("incorrect id format for abc", (await DocumentParser.ParseAsync(atom, "a", null, CancellationToken.None)).FeedError);
        Assert.NotNull((await DocumentParser.ParseAsync(rss, "r", null, CancellationToken.None)).FeedError);
    }

    [Fact]
    public async Task GzipOfJsonLinesIsUnpackedAndParsed()
    {
        var jsonLines = TestDocuments.HfEntry("2401.00001", "One") + "\n" + TestDocuments.HfEntry("2401.00002", "Two") + "\n";

        var result = await DocumentParser.ParseAsync(
            new NonSeekableStream(TestDocuments.Gzip(jsonLines)), "papers.jsonl.gz", new DateOnly(2024, 1, 2), CancellationToken.None);

        Assert.Equal(["2401.00001", "2401.00002"], result.Papers.Select(p => p.Id));
        Assert.All(result.Papers, p => Assert.Equal(new DateOnly(2024, 1, 2), p.ListedOn));
    }

    [Theory]
    [InlineData("<!doctype html><html><body>Service unavailable</body></html>", "<!doctype html>")]
    [InlineData("  <HTML><body>Login</body></HTML>", "<HTML>")]
    [InlineData("<?xml version=\"1.0\"?><opml version=\"2.0\"/>", "<opml>")]
    [InlineData("Rate limit exceeded", "Rate limit exceeded")]
    public async Task UnknownFormatGivesAClearFeedError(string text, string mentioned)
    {
        var result = await DocumentParser.ParseAsync(TestDocuments.FromText(text), "https://example.org/feed", null, CancellationToken.None);

        Assert.Empty(result.Papers);
        Assert.Empty(result.Skipped);
        Assert.Contains("Unrecognised document format in https://example.org/feed", result.FeedError);
        Assert.Contains(mentioned, result.FeedError);
    }

    [Theory]
    [InlineData(new byte[] { 0x1f, 0x8b, 0x08 }, FeedFormat.Gzip)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)' ', (byte)'[' }, FeedFormat.JsonArray)]
    [InlineData(new byte[] { (byte)'\n', (byte)'{' }, FeedFormat.JsonLines)]
    [InlineData(new byte[] { (byte)'<', (byte)'?' }, FeedFormat.Xml)]
    [InlineData(new byte[] { (byte)'P', (byte)'K' }, FeedFormat.Unknown)]
    [InlineData(new byte[0], FeedFormat.Unknown)]
    public void DetectorLooksAtTheFirstMeaningfulByte(byte[] head, FeedFormat expected)
    {
        Assert.Equal(expected, FeedFormatDetector.Detect(head));
    }
}
