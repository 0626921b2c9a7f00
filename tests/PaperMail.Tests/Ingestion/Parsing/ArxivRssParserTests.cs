using PaperMail.Core.Ingestion;
using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion.Parsing;

public class ArxivRssParserTests
{
    [Fact]
    public async Task FullFeedParsesAll1504ItemsAndMarksRevisionsUpdateOnly()
    {
        var result = await Parse("arxiv-rss-2024-11-28-all-archives-full.xml");

        Assert.Null(result.FeedError);
        Assert.Empty(result.Skipped);
        Assert.Equal(1504, result.Papers.Count);
        Assert.Equal(569, result.Papers.Count(p => p.UpdateOnly));
        Assert.Equal(926 + 9, result.Papers.Count(p => !p.UpdateOnly));
        Assert.All(result.Papers, paper =>
        {
            Assert.DoesNotMatch(@"v\d+$", paper.Id);
            Assert.DoesNotContain('\n', paper.Title);
            Assert.False(string.IsNullOrEmpty(paper.Abstract));
            Assert.DoesNotContain("Announce Type", paper.Abstract);
            Assert.NotEmpty(paper.Authors!);
            Assert.NotEmpty(paper.Categories!);
            Assert.Equal(paper.UpdateOnly, paper.PublishedAt is null);
        });
    }

    [Fact]
    public async Task FirstItemHasIdTitleAbstractAuthorAndCategory()
    {
        var paper = (await Parse("arxiv-rss-2024-11-28-all-archives-full.xml")).Papers[0];

        Assert.Equal("2411.17700", paper.Id);
        Assert.StartsWith("Exploring the Impact of Generative AI", paper.Title);
        Assert.StartsWith("This study investigates the influence of generative artificial intelligence", paper.Abstract);
        Assert.Equal(["Jun Cui"], paper.Authors);
        Assert.Equal(["cs.CY"], paper.Categories);
        Assert.Equal(new DateTimeOffset(2024, 11, 28, 0, 0, 0, TimeSpan.FromHours(-5)), paper.PublishedAt);
        Assert.False(paper.UpdateOnly);
    }

    [Fact]
    public async Task AuthorAffiliationsInParenthesesDoNotSplitNames()
    {
        var result = await Parse("arxiv-rss-2024-11-28-all-archives-full.xml");

        var paper = Assert.Single(result.Papers, p => p.Authors!.Contains("Tianliang Yan"));
        Assert.Equal(
            ["Tianliang Yan", "Yubao Liu", "Leonid Prokhorov", "Jiri Smetana", "Haixing Miao", "Yiqiu Ma", "Vincent Boyer", "Denis Martynov"],
            paper.Authors);
    }

    [Fact]
    public async Task CsClExcerptParses102Items()
    {
        var result = await Parse("arxiv-rss-2024-11-28-cs.CL-items-EXCERPT.xml");

        Assert.Empty(result.Skipped);
        Assert.Equal(102, result.Papers.Count);
        Assert.Equal(50, result.Papers.Count(p => p.UpdateOnly));
        Assert.All(result.Papers, paper => Assert.Contains("cs.CL", paper.Categories!));
    }

    [Fact]
    public async Task EmptyChannelGivesNothing()
    {
        var result = await Parse("arxiv-rss-2024-11-28-empty-test-archive.xml");

        Assert.Equal(ParseResult.Empty.Papers, result.Papers);
        Assert.Empty(result.Skipped);
        Assert.Null(result.FeedError);
    }

    [Fact]
    public async Task ErrorFeedBecomesFeedError()
    {
        var result = await Parse("arxiv-rss-2024-11-28-error-bad-archive.xml");

        Assert.Empty(result.Papers);
        Assert.StartsWith("Bad archive 'astroph'.", result.FeedError);
    }

    [Theory]
    [InlineData("A. One, B. Two and C. Three", new[] { "A. One", "B. Two", "C. Three" })]
    [InlineData("A. One, B. Two, and C. Three", new[] { "A. One", "B. Two", "C. Three" })]
    [InlineData("A. One and B. Two", new[] { "A. One", "B. Two" })]
    [InlineData("A. One (Uni X, City (Dept)), B. Two", new[] { "A. One", "B. Two" })]
    [InlineData("ATLAS Collaboration", new[] { "ATLAS Collaboration" })]
    public void CreatorListSplitsOnCommasAndAnd(string creator, string[] expected)
    {
        Assert.Equal(expected, ArxivRssAuthors.Split(creator));
    }

    [Theory]
    [InlineData("new", false)]
    [InlineData("cross", false)]
    [InlineData("replace", true)]
    [InlineData("replace-cross", true)]
    [InlineData("something-new", true)]
    public async Task OnlyNewAndCrossAnnouncementsMayCreatePapers(string announceType, bool updateOnly)
    {
        var xml = $"""
            <rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel><title>cs updates</title>
            <item><title>T</title><link>https://arxiv.org/abs/2411.00001</link>
            <description>arXiv:2411.00001v2 Announce Type: {announceType}
            Abstract: Text.</description>
            <guid isPermaLink="false">oai:arXiv.org:2411.00001v2</guid><arxiv:announce_type>{announceType}</arxiv:announce_type><dc:creator>A</dc:creator></item>
            </channel></rss>
            """;

        var result = await ArxivRssParser.ParseAsync(TestDocuments.FromText(xml), "t", CancellationToken.None);

        Assert.Equal(updateOnly, Assert.Single(result.Papers).UpdateOnly);
    }

    private static async Task<ParseResult> Parse(string fixture)
    {
        await using var stream = File.OpenRead(RepoPaths.Fixture(fixture));
        return await ArxivRssParser.ParseAsync(stream, fixture, CancellationToken.None);
    }
}
