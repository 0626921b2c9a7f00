using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Tests.Matching;

/// <summary>Thousands of corpus-derived queries: the percolator's index must never lose a match.</summary>
public class PercolatorRandomizedTests
{
    private const int QueryCount = 4_000;

    [Theory]
    [InlineData("broad")]
    [InlineData("realistic")]
    public void PercolatorFindsExactlyWhatBruteForceFinds(string mix)
    {
        var papers = MatchingTestData.CorpusPapers;
        var matchable = MatchingTestData.Matchable(papers);
        var alerts = GenerateAlerts(papers, mix);
        // Frequencies from half the papers, so some query terms are unseen and take the fallback path.
        var percolator = new PercolatorBuilder(DocumentFrequencies.FromPapers(matchable.Take(500))).AddRange(alerts).Build();

        var comparer = new AlertMatchComparer();
        int total = 0;
        foreach (var paper in matchable)
        {
            var indexed = percolator.Match(paper);
            Assert.Equal(percolator.MatchBruteForce(paper), indexed, comparer);
            total += indexed.Count;
        }
        Assert.Equal(total, percolator.MatchAll(matchable).Count);
        Assert.Equal(0, percolator.AlwaysVerifyCount);
        // The generated queries must actually exercise matching, not just agree on "nothing" (the realistic
        // alerts are drawn from these same papers, so each tends to match at least its source).
        Assert.True(total > QueryCount, $"only {total} matches");
    }

    [Fact]
    public void CompiledEvaluatorAgreesWithNaiveTreeWalk()
    {
        var papers = MatchingTestData.CorpusPapers;
        var matchable = MatchingTestData.Matchable(papers);
        foreach (var alert in GenerateAlerts(papers).Take(250))
        {
            var expected = matchable
                .Where(p => MatchScore.PassesMinUpvotes(alert.MinUpvotes, p.Upvotes) && ReferenceMatcher.Matches(alert.Query.Root, p))
                .Select(p => p.PaperId);
            var actual = QueryEvaluator.EvaluateAll(alert.Query, matchable, alert.MinUpvotes).Select(m => m.PaperId);
            Assert.True(expected.SequenceEqual(actual), alert.Query.Normalized);
        }
    }

    [Fact]
    public void GeneratedQueriesNormaliseStably()
    {
        foreach (var alert in GenerateAlerts(MatchingTestData.CorpusPapers))
        {
            var again = QueryParser.Parse(alert.Query.Normalized);
            Assert.True(again.IsSuccess, alert.Query.Normalized);
            Assert.Equal(alert.Query.Normalized, again.Query.Normalized);
        }
    }

    private static List<AlertDefinition> GenerateAlerts(IReadOnlyList<PaperMail.Core.Papers.Paper> papers, string mix = "broad")
    {
        Func<string> next = mix == "broad" ? new CorpusQueryGenerator(papers, seed: 20260114).Next : new RealisticQueryGenerator(papers, seed: 20260114).Next;
        var random = new Random(7);
        var alerts = new List<AlertDefinition>();
        int failures = 0;
        while (alerts.Count < QueryCount)
        {
            var text = next();
            var result = QueryParser.Parse(text);
            if (!result.IsSuccess)
            {
                // Long generated queries may exceed the term or length limits; anything else is a generator or parser bug.
                Assert.Contains(result.Error.Message, new[] { "Query has more than 32 terms", $"Query is longer than 512 characters ({text.Length})" });
                failures++;
                continue;
            }
            int? minUpvotes = random.Next(5) == 0 ? random.Next(0, 20) : null;
            alerts.Add(new AlertDefinition(1_000_000_000_000L + alerts.Count, result.Query, minUpvotes));
        }
        Assert.True(failures < QueryCount / 20, $"{failures} generated queries failed to parse");
        return alerts;
    }
}
