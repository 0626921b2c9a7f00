using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Tests.Matching;

/// <summary>Expected sets were read off seed-papers.json by hand (titles, abstracts, author lists, organizations).</summary>
public class SeedPaperMatchingTests
{
    private static readonly IReadOnlyList<MatchablePaper> Papers = MatchingTestData.Matchable(MatchingTestData.SeedPapers);

    public static TheoryData<string, int?, string[]> Cases => new()
    {
        // 2410.23933 says "long contexts": stemming makes the phrase match the plural.
        { "\"long context\"", null, ["2307.11088", "2308.14508", "2310.19240", "2405.13226", "2408.07055", "2409.19151", "2410.02660", "2410.23933", "2502.13922", "2601.06395"] },
        // "Long-Context" in a title is found by the phrase, and the hyphenated query finds the spaced text.
        { "long-context", null, ["2307.11088", "2308.14508", "2310.19240", "2405.13226", "2408.07055", "2409.19151", "2410.02660", "2410.23933", "2502.13922", "2601.06395"] },
        { "multilingual -survey", null, ["2009.05166", "2103.10730", "2208.01018", "2305.07016", "2305.15020", "2311.09216", "2402.15059", "2404.11553", "2406.01771", "2409.18199", "2409.19151", "2410.05873", "2412.04003", "2506.20920", "2510.09051", "2511.01066", "2512.13884", "2601.06395", "2601.10804", "2601.18220"] },
        { "survey", null, ["2405.10936", "2411.11072"] },
        { "author:\"Goran Glavaš\"", null, ["2208.01018", "2305.07016"] },
        { "author:Glavas", null, ["2208.01018", "2305.07016"] },
        { "author:\"goran glavas\"", null, ["2208.01018", "2305.07016"] },
        // Robert Litschko and Goran Glavaš are adjacent on 2305.07016, but a phrase must stay within one name.
        { "author:\"Litschko Goran\"", null, [] },
        { "author:(Schütze OR Glavaš)", null, ["2208.01018", "2305.07016", "2409.18199", "2410.05873"] },
        { "author:\"Yushi Bai\"", null, ["2308.14508", "2408.07055"] },
        { "org:lmu", null, ["2410.05873"] },
        { "org:\"LMU Munich\"", null, ["2410.05873"] },
        { "org:HuggingFaceFW OR org:flair", null, ["2506.20920", "2512.13884"] },
        { "org:finedata", null, ["2506.20920"] },
        // "Multilingual" is in FineWeb2's abstract, not in its organization.
        { "org:multilingual", null, [] },
        { "title:LLM", null, ["2404.11553", "2405.13226", "2406.01771", "2408.07055", "2409.19151", "2410.05873", "2412.04003", "2511.01066", "2601.10804", "2601.18220"] },
        { "title:LLMs title:(context OR multilingual)", null, ["2406.01771", "2408.07055", "2410.05873", "2412.04003", "2511.01066", "2601.18220"] },
        { "\"long context\"", 2, ["2408.07055", "2410.23933", "2502.13922"] },
        { "multilingual", 2, ["2305.15020", "2410.05873", "2412.04003", "2512.13884"] },
        { "(multilingual OR crosslingual OR \"cross-lingual\") retrieval -survey", null, ["2208.01018", "2305.07016", "2402.15059"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void QueryFindsTheExpectedSeedPapers(string query, int? minUpvotes, string[] expected)
    {
        var parsed = QueryParser.Parse(query).Query!;

        var preview = QueryEvaluator.EvaluateAll(parsed, Papers, minUpvotes).Select(m => m.PaperId).Order().ToArray();
        var percolator = new PercolatorBuilder(DocumentFrequencies.FromPapers(Papers)).Add(new AlertDefinition(7, parsed, minUpvotes)).Build();
        var digest = percolator.MatchAll(Papers).Select(m => m.PaperId).Order().ToArray();

        Assert.Equal(expected, preview);
        Assert.Equal(expected, digest);
    }

    [Fact]
    public void PaperWithUnknownUpvotesFailsAPositiveMinimumOnly()
    {
        var paper = MatchablePaper.From(new Paper { Id = "x", Title = "Multilingual retrieval", Upvotes = null });
        var query = QueryParser.Parse("multilingual").Query!;
        Assert.NotNull(QueryEvaluator.Evaluate(query, paper));
        Assert.NotNull(QueryEvaluator.Evaluate(query, paper, minUpvotes: 0));
        Assert.Null(QueryEvaluator.Evaluate(query, paper, minUpvotes: 1));
    }

    [Fact]
    public void ExplanationListsPositiveTermsAndTheirFieldsButNeverExclusions()
    {
        var paper = Papers.Single(p => p.PaperId == "2305.07016");
        var match = QueryEvaluator.Evaluate(QueryParser.Parse("title:multilingual (encoder OR decoder) author:Glavas -survey").Query!, paper)!;

        Assert.Equal(
            [new TermHit("title:multilingual", MatchFields.Title), new TermHit("encoder", MatchFields.Title | MatchFields.Abstract), new TermHit("author:Glavas", MatchFields.Author)],
            match.Hits);
    }

    [Fact]
    public void TitleHitsScoreHigherThanAbstractHits()
    {
        var paper = MatchablePaper.From(new Paper { Id = "x", Title = "Retrieval", Abstract = "About encoders.", Upvotes = 0 });
        double title = QueryEvaluator.Evaluate(QueryParser.Parse("retrieval").Query!, paper)!.Relevance;
        double @abstract = QueryEvaluator.Evaluate(QueryParser.Parse("encoder").Query!, paper)!.Relevance;
        Assert.True(title > @abstract);
    }

    [Fact]
    public void UpvotesRaiseTheScoreButNotTheRelevance()
    {
        var query = QueryParser.Parse("retrieval").Query!;
        var quiet = QueryEvaluator.Evaluate(query, MatchablePaper.From(new Paper { Id = "a", Title = "Retrieval", Upvotes = 0 }))!;
        var popular = QueryEvaluator.Evaluate(query, MatchablePaper.From(new Paper { Id = "b", Title = "Retrieval", Upvotes = 99 }))!;
        Assert.Equal(quiet.Relevance, popular.Relevance);
        Assert.Equal(3 * quiet.Score, popular.Score, 6);
    }

    [Fact]
    public void PercolatorReportsEachMatchingAlertOnceWithItsId()
    {
        var alerts = new[] { "multilingual OR crosslingual OR \"cross-lingual\"", "author:Glavas", "survey", "\"long context\" -survey" }
            .Select((q, i) => new AlertDefinition(100 + i, QueryParser.Parse(q).Query!));
        var percolator = new PercolatorBuilder().AddRange(alerts).Build();
        var paper = Papers.Single(p => p.PaperId == "2305.07016");

        var matches = percolator.Match(paper);

        Assert.Equal([100L, 101L], matches.Select(m => m.AlertId));
        Assert.All(matches, m => Assert.Equal("2305.07016", m.PaperId));
        Assert.Equal(percolator.MatchBruteForce(paper), matches, new AlertMatchComparer());
    }
}
