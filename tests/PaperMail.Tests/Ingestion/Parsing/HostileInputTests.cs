using System.Text;
using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion.Parsing;

/// <summary>Inputs a feed or an upload could carry to break or abuse the parsers: none may throw.</summary>
public class HostileInputTests
{
    private const string Xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
        <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001</id><title>&e;</title></entry></feed>
        """;

    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        ]>
        <rss version="2.0"><channel><title>&lol9;</title></channel></rss>
        """;

    [Theory]
    [InlineData(Xxe)]
    [InlineData(BillionLaughs)]
    public async Task DocumentsWithADtdAreRefusedWithAReason(string xml)
    {
        foreach (var result in new[]
        {
            await ArxivAtomParser.ParseAsync(TestDocuments.FromText(xml), "evil.xml", CancellationToken.None),
            await ArxivRssParser.ParseAsync(TestDocuments.FromText(xml), "evil.xml", CancellationToken.None),
            await DocumentParser.ParseAsync(TestDocuments.FromText(xml), "evil.xml", null, CancellationToken.None),
        })
        {
            Assert.Empty(result.Papers);
            var skipped = Assert.Single(result.Skipped);
            Assert.Contains("DTDs are prohibited", skipped.Reason);
            Assert.Equal("evil.xml", skipped.Where);
        }
    }

    [Fact]
    public void XmlReaderSettingsRefuseDtdsAndResolveNothing()
    {
        var settings = SafeXmlReaderFactory.CreateSettings();

        Assert.Equal(System.Xml.DtdProcessing.Prohibit, settings.DtdProcessing);
        Assert.True(settings.MaxCharactersFromEntities > 0, "0 would mean unlimited");
    }

    [Fact]
    public async Task PredefinedEntitiesAreNotCountedAgainstTheEntityLimit()
    {
        var manyEntities = string.Concat(Enumerable.Repeat("&amp;&lt;&#233;", 5_000));
        var xml = TestDocuments.AtomHeader
            + $"<entry><id>http://arxiv.org/abs/2401.00001</id><title>T</title><summary>{manyEntities}</summary></entry></feed>";

        var result = await ArxivAtomParser.ParseAsync(TestDocuments.FromText(xml), "entities.xml", CancellationToken.None);

        Assert.Empty(result.Skipped);
        Assert.Equal(15_000, Assert.Single(result.Papers).Abstract!.Length);
    }

    [Fact]
    public async Task DtdRefusalNamesTheDocument()
    {
        var result = await DocumentParser.ParseAsync(TestDocuments.FromText(Xxe), "evil.xml", null, CancellationToken.None);

        // XmlReader gives no line number for a refused DOCTYPE, so the document name is all there is.
        Assert.Equal("evil.xml", Assert.Single(result.Skipped).Where);
    }

    [Fact]
    public async Task MalformedAtomAfterTwoEntriesKeepsTheTwoAndSaysWhere()
    {
        var xml = TestDocuments.AtomHeader
            + TestDocuments.AtomEntry("2401.00001", "One")
            + TestDocuments.AtomEntry("2401.00002", "Two")
            + "<entry><id>http://arxiv.org/abs/2401.00003</id><title>Three</titel></entry></feed>";

        var result = await ArxivAtomParser.ParseAsync(TestDocuments.FromText(xml), "broken.xml", CancellationToken.None);

        Assert.Equal(["2401.00001", "2401.00002"], result.Papers.Select(p => p.Id));
        var skipped = Assert.Single(result.Skipped);
        Assert.Matches(@"^broken\.xml line \d+, position \d+$", skipped.Where);
        Assert.Contains("malformed XML", skipped.Reason);
    }

    [Fact]
    public async Task MalformedRssAfterTwoItemsKeepsTheTwo()
    {
        var text = await File.ReadAllTextAsync(RepoPaths.Fixture("arxiv-rss-2024-11-28-cs.CL-items-EXCERPT.xml"));
        var thirdItem = IndexOfNth(text, "<item>", 3);
        var broken = text[..thirdItem] + "<item><title>unterminated & broken</title></item>";

        var result = await DocumentParser.ParseAsync(TestDocuments.FromText(broken), "broken-rss.xml", null, CancellationToken.None);

        Assert.Equal(2, result.Papers.Count);
        Assert.Contains("malformed XML", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public async Task MalformedJsonArrayAfterTwoEntriesKeepsTheTwo()
    {
        var json = "[" + TestDocuments.HfEntry("2401.00001", "One") + "," + TestDocuments.HfEntry("2401.00002", "Two")
            + """, {"paper": {"id": "2401.00003", "title": "Three" """;

        var result = await HuggingFaceDailyParser.ParseArrayAsync(TestDocuments.FromText(json), "broken.json", null, CancellationToken.None);

        Assert.Equal(["2401.00001", "2401.00002"], result.Papers.Select(p => p.Id));
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("broken.json entry 3", skipped.Where);
        Assert.Contains("near byte", skipped.Reason);
    }

    [Fact]
    public async Task MalformedJsonArrayIsReadElementByElementEvenInTinyReads()
    {
        var json = "\uFEFF[" + TestDocuments.HfEntry("2401.00001", "One") + "," + TestDocuments.HfEntry("2401.00002", "Two") + ", {\"paper\": garbage}]";
        var stream = new NonSeekableStream(TestDocuments.FromText(json), maxReadBytes: 7);

        var result = await DocumentParser.ParseAsync(stream, "tiny.json", null, CancellationToken.None);

        Assert.Equal(2, result.Papers.Count);
        Assert.Single(result.Skipped);
    }

    [Fact]
    public async Task EntryWithoutPaperIdIsSkippedAndTheOthersKept()
    {
        var json = "[" + TestDocuments.HfEntry("2401.00001", "One")
            + """, {"paper": {"title": "No id"}, "title": "No id"}, {"paper": {"id": "not-an-id", "title": "Bad id"}}, """
            + TestDocuments.HfEntry("2401.00004", "Four") + "]";

        var result = await HuggingFaceDailyParser.ParseArrayAsync(TestDocuments.FromText(json), "ids.json", null, CancellationToken.None);

        Assert.Equal(["2401.00001", "2401.00004"], result.Papers.Select(p => p.Id));
        Assert.Equal(2, result.Skipped.Count);
        Assert.Equal("ids.json entry 2", result.Skipped[0].Where);
        Assert.Contains("paper.id is missing", result.Skipped[0].Reason);
        Assert.Contains("not an arXiv id", result.Skipped[1].Reason);
    }

    [Fact]
    public async Task FiveMegabyteTitleIsSkippedAndNeighboursKept()
    {
        var hugeTitle = new string('x', 5 * 1024 * 1024);
        var json = "[" + TestDocuments.HfEntry("2401.00001", "One") + "," + TestDocuments.HfEntry("2401.00002", hugeTitle)
            + "," + TestDocuments.HfEntry("2401.00003", "Three") + "]";

        var result = await DocumentParser.ParseAsync(TestDocuments.FromText(json), "huge.json", null, CancellationToken.None);

        Assert.Equal(["2401.00001", "2401.00003"], result.Papers.Select(p => p.Id));
        var skipped = Assert.Single(result.Skipped);
        Assert.Contains("2401.00002", skipped.Reason);
        Assert.Contains("title is 5,242,880 characters (limit 1,000)", skipped.Reason);
    }

    [Fact]
    public async Task AbsurdAuthorListsAndAbstractsAreSkipped()
    {
        var manyAuthors = string.Join(",", Enumerable.Repeat("""{"name": "A"}""", ParseLimits.MaxAuthors + 1));
        var longName = new string('n', ParseLimits.MaxAuthorNameLength + 1);
        var longAbstract = new string('a', ParseLimits.MaxAbstractLength + 1);
        var jsonLines = string.Join("\n",
            $$$"""{"paper": {"id": "2401.00001", "title": "Many", "authors": [{{{manyAuthors}}}]}}""",
            $$$"""{"paper": {"id": "2401.00002", "title": "Long name", "authors": [{"name": "{{{longName}}}"}]}}""",
            $$$"""{"paper": {"id": "2401.00003", "title": "Long abstract", "summary": "{{{longAbstract}}}"}}""",
            """{"paper": {"id": "2401.00004", "title": "Fine"}}""");

        var result = await HuggingFaceDailyParser.ParseJsonLinesAsync(TestDocuments.FromText(jsonLines), "limits.jsonl", null, CancellationToken.None);

        Assert.Equal("2401.00004", Assert.Single(result.Papers).Id);
        Assert.Collection(result.Skipped,
            s => Assert.Contains("2,001 authors", s.Reason),
            s => Assert.Contains("author name is 301 characters", s.Reason),
            s => Assert.Contains("abstract is 20,001 characters", s.Reason));
    }

    [Fact]
    public async Task GarbageLineInJsonLinesIsSkippedWithItsLineNumber()
    {
        var jsonLines = TestDocuments.HfEntry("2401.00001", "One") + "\n\n{this is not json\n" + "[1,2]\n" + TestDocuments.HfEntry("2401.00002", "Two") + "\n";

        var result = await HuggingFaceDailyParser.ParseJsonLinesAsync(TestDocuments.FromText(jsonLines), "mixed.jsonl", null, CancellationToken.None);

        Assert.Equal(["2401.00001", "2401.00002"], result.Papers.Select(p => p.Id));
        Assert.Equal(2, result.Skipped.Count);
        Assert.Equal("mixed.jsonl line 3", result.Skipped[0].Where);
        Assert.Contains("not valid JSON", result.Skipped[0].Reason);
        Assert.Equal("mixed.jsonl line 4", result.Skipped[1].Where);
        Assert.Contains("not an object", result.Skipped[1].Reason);
    }

    [Fact]
    public async Task TruncatedGzipKeepsWhatWasReadAndReportsCorruption()
    {
        var lines = string.Join("\n", Enumerable.Range(1, 2000).Select(i => TestDocuments.HfEntry($"2401.{i:D5}", $"Paper {i}")));
        var gzip = TestDocuments.Gzip(lines).ToArray();
        var truncated = new MemoryStream(gzip[..(gzip.Length / 2)]);

        var result = await DocumentParser.ParseAsync(truncated, "cut.jsonl.gz", null, CancellationToken.None);

        Assert.InRange(result.Papers.Count, 1, 1999);
        Assert.NotEmpty(result.Skipped);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[")]
    [InlineData("[]")]
    [InlineData("[1, \"two\", null]")]
    [InlineData("{")]
    [InlineData("<")]
    [InlineData("<rss")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>")]
    [InlineData("\u001f\u008b not really gzip")]
    [InlineData("%PDF-1.7")]
    public async Task NoInputMakesDocumentParserThrow(string text)
    {
        var bytes = text.StartsWith('\u001f')
            ? [0x1f, 0x8b, .. Encoding.UTF8.GetBytes(text[2..])]
            : Encoding.UTF8.GetBytes(text);

        var result = await DocumentParser.ParseAsync(new MemoryStream(bytes), "odd", null, CancellationToken.None);

        Assert.Empty(result.Papers);
    }

    [Fact]
    public async Task CancellationPropagates()
    {
        await using var stream = File.OpenRead(RepoPaths.Fixture("arxiv-rss-2024-11-28-all-archives-full.xml"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => DocumentParser.ParseAsync(stream, "rss", null, new CancellationToken(canceled: true)));
    }

    private static int IndexOfNth(string text, string value, int n)
    {
        var index = -1;
        for (var i = 0; i < n; i++)
        {
            index = text.IndexOf(value, index + 1, StringComparison.Ordinal);
        }

        return index;
    }
}
