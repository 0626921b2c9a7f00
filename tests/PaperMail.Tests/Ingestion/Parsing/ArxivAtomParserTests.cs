using PaperMail.Core.Ingestion;
using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion.Parsing;

public class ArxivAtomParserTests
{
    [Theory]
    [InlineData("arxiv-api-2026-id_list-1605.08386.xml", 1)]
    [InlineData("arxiv-api-2026-id_list-0808.05394_1707.08567.xml", 1)]
    [InlineData("arxiv-api-2026-id_list-0000.0000-empty.xml", 0)]
    [InlineData("arxiv-api-2026-search-all_testing-start0-max10.xml", 10)]
    [InlineData("arxiv-api-2026-id_list-astro-ph_0601001-oldstyle-id.xml", 1)]
    [InlineData("arxiv-api-legacy2016-id_list-1111.2011v2.xml", 1)]
    [InlineData("arxiv-api-legacy2016-search-au_del_maestro.xml", 10)]
    public async Task EachApiFixtureParsesItsEntriesWithoutErrors(string fixture, int expected)
    {
        var result = await Parse(fixture);

        Assert.Null(result.FeedError);
        Assert.Empty(result.Skipped);
        Assert.Equal(expected, result.Papers.Count);
        Assert.All(result.Papers, paper =>
        {
            Assert.DoesNotMatch(@"v\d+$", paper.Id);
            Assert.DoesNotContain('\n', paper.Title);
            Assert.NotEmpty(paper.Authors!);
            Assert.NotEmpty(paper.Categories!);
            Assert.NotNull(paper.PublishedAt);
            Assert.False(paper.UpdateOnly);
        });
    }

    [Fact]
    public async Task CurrentFormatEntryHasAuthorsCategoriesAndPublishedTime()
    {
        var paper = Assert.Single((await Parse("arxiv-api-2026-id_list-1605.08386.xml")).Papers);

        Assert.Equal("1605.08386", paper.Id);
        Assert.Equal("Heat-bath random walks with Markov bases", paper.Title);
        Assert.StartsWith("Graphs on lattice points are studied", paper.Abstract);
        Assert.Equal(["Caprice Stanley", "Tobias Windisch"], paper.Authors);
        Assert.Equal(["math.CO", "math.ST"], paper.Categories);
        Assert.Equal(new DateTimeOffset(2016, 5, 26, 17, 59, 46, TimeSpan.Zero), paper.PublishedAt);
    }

    [Fact]
    public async Task LegacyFormatEntryHasCollapsedTitleAndPrimaryCategoryFirst()
    {
        var paper = Assert.Single((await Parse("arxiv-api-legacy2016-id_list-1111.2011v2.xml")).Papers);

        Assert.Equal("1111.2011", paper.Id);
        Assert.Equal("Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit", paper.Title);
        Assert.Equal(["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"], paper.Authors);
        Assert.Equal(["cond-mat.str-el", "cond-mat.stat-mech"], paper.Categories);
        Assert.StartsWith("Theoretical description of anisotropic systems", paper.Abstract);
    }

    [Fact]
    public async Task OldStyleIdKeepsArchiveAndDropsVersion()
    {
        var paper = Assert.Single((await Parse("arxiv-api-2026-id_list-astro-ph_0601001-oldstyle-id.xml")).Papers);

        Assert.Equal("astro-ph/0601001", paper.Id);
        Assert.Equal(["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"], paper.Authors);
        Assert.Contains("Gould & Morgan (2003)", paper.Abstract);
    }

    [Fact]
    public async Task ErrorEntryBecomesFeedErrorWithNoPapers()
    {
        var result = await Parse("arxiv-api-2026-id_list-abc-error-http400.xml");

        Assert.Equal("incorrect id format for abc", result.FeedError);
        Assert.Empty(result.Papers);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task EntryWithoutUsableIdIsSkippedAndOthersKept()
    {
        var xml = TestDocuments.AtomHeader
            + TestDocuments.AtomEntry("2401.00001", "Good")
            + "<entry><id>urn:something-else</id><title>No arXiv id</title></entry>"
            + "<entry><id>http://arxiv.org/abs/2401.00003v1</id><title> </title></entry>"
            + "</feed>";

        var result = await ArxivAtomParser.ParseAsync(TestDocuments.FromText(xml), "t.xml", CancellationToken.None);

        Assert.Equal("2401.00001", Assert.Single(result.Papers).Id);
        Assert.Equal(2, result.Skipped.Count);
        Assert.Contains("not an arXiv id", result.Skipped[0].Reason);
        Assert.Contains("no title", result.Skipped[1].Reason);
        Assert.Equal("t.xml entry 3", result.Skipped[1].Where);
    }

    private static async Task<ParseResult> Parse(string fixture)
    {
        await using var stream = File.OpenRead(RepoPaths.Fixture(fixture));
        return await ArxivAtomParser.ParseAsync(stream, fixture, CancellationToken.None);
    }
}
