using PaperMail.Core.Ingestion;
using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Core.Papers;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion.Parsing;

public class HuggingFaceDailyParserTests
{
    public static TheoryData<string, int> FixtureDays => new()
    {
        { "2024-05-27", 13 },
        { "2024-08-14", 15 },
        { "2024-10-10", 46 },
        { "2024-11-01", 13 },
        { "2024-12-06", 27 },
        { "2025-02-20", 15 },
        { "2025-03-31", 15 },
        { "2025-11-20", 8 },
        { "2026-08-21", 17 },
    };

    [Theory]
    [MemberData(nameof(FixtureDays))]
    public async Task EachFixtureDayParsesEveryEntryWithCleanIdsAndTitles(string day, int expected)
    {
        var result = await ParseDay(day);

        Assert.Empty(result.Skipped);
        Assert.Null(result.FeedError);
        Assert.Equal(expected, result.Papers.Count);
        Assert.All(result.Papers, paper =>
        {
            Assert.Matches(@"^\d{4}\.\d{4,5}$", paper.Id);
            Assert.DoesNotContain('\n', paper.Title);
            Assert.False(string.IsNullOrWhiteSpace(paper.Abstract));
            Assert.DoesNotContain('\n', paper.Abstract!);
            Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), paper.ListedOn);
        });
    }

    [Fact]
    public async Task AllNineFixtureDaysTogetherHold169Entries()
    {
        var total = 0;
        foreach (var day in FixtureDays)
        {
            total += (await ParseDay((string)day[0])).Papers.Count;
        }

        Assert.Equal(169, total);
    }

    [Fact]
    public async Task LongWriterKeepsItsAuthorsInBylineOrder()
    {
        var result = await ParseDay("2024-08-14");

        var longWriter = Assert.Single(result.Papers, paper => paper.Id == "2408.07055");
        Assert.Equal("LongWriter: Unleashing 10,000+ Word Generation from Long Context LLMs", longWriter.Title);
        Assert.Equal(
            ["Yushi Bai", "Jiajie Zhang", "Xin Lv", "Linzhi Zheng", "Siqi Zhu", "Lei Hou", "Yuxiao Dong", "Jie Tang", "Juanzi Li"],
            longWriter.Authors);
        Assert.Equal(32, longWriter.Upvotes);
        Assert.NotNull(longWriter.PublishedAt);
    }

    [Fact]
    public async Task OrganizationCarriesSlugAndDisplayName()
    {
        var result = await ParseDay("2026-08-21");

        var paper = Assert.Single(result.Papers, paper => paper.Id == "2608.19880");
        Assert.Equal(new Organization("google", "Google"), paper.Organization);
        Assert.All(result.Papers, p => Assert.NotNull(p.Organization));
    }

    [Fact]
    public async Task AiKeywordsAndOptionalLinksAreRead()
    {
        var result = await ParseDay("2025-03-31");

        var paper = Assert.Single(result.Papers, paper => paper.Id == "2503.22675");
        Assert.Contains("ReaRec", paper.AiKeywords!);
        Assert.Contains(result.Papers, p => p.GithubRepo is not null);
        Assert.Contains(result.Papers, p => p.ProjectPage is not null);
    }

    [Fact]
    public async Task AiSummaryIsReadFromTheNewestFormat()
    {
        var result = await ParseDay("2026-08-21");

        Assert.Contains(result.Papers, p => !string.IsNullOrEmpty(p.AiSummary));
    }

    [Fact]
    public async Task ListedOnFallsBackToSubmittedOnDailyAtWhenNoDateIsGiven()
    {
        await using var stream = File.OpenRead(RepoPaths.Fixture("hf-daily-papers-2025-03-31.json"));

        var result = await HuggingFaceDailyParser.ParseArrayAsync(stream, "2025-03-31.json", listedOn: null, CancellationToken.None);

        Assert.Equal(15, result.Papers.Count); // the recorded day lists 15 papers
        Assert.All(result.Papers, paper => Assert.Equal(new DateOnly(2025, 3, 31), paper.ListedOn));
    }

    [Fact]
    public async Task SeedPapersParseAll33WithOrganizations()
    {
        await using var stream = File.OpenRead(RepoPaths.SeedPapers);

        var result = await HuggingFaceDailyParser.ParseArrayAsync(stream, "seed-papers.json", null, CancellationToken.None);

        Assert.Empty(result.Skipped);
        Assert.Equal(33, result.Papers.Count);
        Assert.Equal(33, result.Papers.Select(p => p.Id).Distinct().Count());
        Assert.Equal(new Organization("cis-lmu", "CIS, LMU Munich"), result.Papers.Single(p => p.Id == "2410.05873").Organization);
    }

    [Fact]
    public async Task CorpusSampleJsonLinesParses1000PapersWithNothingSkippedAndListedOnFromTheFile()
    {
        await using var stream = File.OpenRead(RepoPaths.CorpusSample);

        var result = await DocumentParser.ParseAsync(stream, "hf-daily-papers-corpus-sample.jsonl.gz", listedOn: new DateOnly(1999, 1, 1), CancellationToken.None);

        Assert.Empty(result.Skipped);
        Assert.Equal(1_000, result.Papers.Count);
        Assert.All(result.Papers, paper => Assert.NotNull(paper.ListedOn));
        Assert.DoesNotContain(result.Papers, paper => paper.ListedOn == new DateOnly(1999, 1, 1));
        Assert.Equal(new DateOnly(2024, 5, 27), result.Papers[0].ListedOn);
    }

    [Fact]
    public async Task WrongTypesAndNullsLeaveFieldsNullInsteadOfThrowing()
    {
        const string json = """
            [{"paper": {"id": "2401.00001v3", "title": ["not", "a", "string"], "summary": 5, "authors": "nobody",
              "organization": "acme", "publishedAt": "yesterday", "upvotes": "many", "githubRepo": null, "ai_keywords": {"a": 1}},
              "title": "Top-level\n  title", "summary": null, "_listedOn": 20240101}]
            """;

        var result = await HuggingFaceDailyParser.ParseArrayAsync(TestDocuments.FromText(json), "t", null, CancellationToken.None);

        var paper = Assert.Single(result.Papers);
        Assert.Equal(new IncomingPaper { Id = "2401.00001", Title = "Top-level title" }, paper);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public async Task HiddenAuthorsAreLeftOut()
    {
        const string json = """[{"paper": {"id": "2401.00001", "title": "T", "authors": [{"name": "Shown"}, {"name": "Hidden", "hidden": true}, {"hidden": false}, 7]}}]""";

        var result = await HuggingFaceDailyParser.ParseArrayAsync(TestDocuments.FromText(json), "t", null, CancellationToken.None);

        Assert.Equal(["Shown"], Assert.Single(result.Papers).Authors);
    }

    private static async Task<ParseResult> ParseDay(string day)
    {
        await using var stream = File.OpenRead(RepoPaths.Fixture($"hf-daily-papers-{day}.json"));
        return await HuggingFaceDailyParser.ParseArrayAsync(
            stream, $"hf-daily-papers-{day}.json", DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
    }
}
