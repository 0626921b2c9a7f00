using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Tests.Matching;

/// <summary>Phrases are indexed by their pairs of adjacent words, so a paper that only mentions the words apart costs nothing.</summary>
public class PhraseIndexTests
{
    private static MatchablePaper Paper(string id, string title, params string[] authors) =>
        MatchablePaper.From(new Paper { Id = id, Title = title, Authors = authors });

    [Fact]
    public void PaperWithThePhraseWordsApartIsNeitherMatchedNorVerified()
    {
        var percolator = Build("\"reward model\" alignment");
        var apart = Paper("apart", "A model of reward for alignment");

        Assert.Empty(percolator.Match(apart));
        Assert.Equal(0, percolator.CandidateCounts(apart).Verified);
    }

    [Fact]
    public void TwoWordPhrasesAndWordsAreDecidedFromThePostingAlone()
    {
        var percolator = Build("\"reward models\" alignment");
        var paper = Paper("adjacent", "Reward modeling for alignment");

        var match = Assert.Single(percolator.Match(paper));
        Assert.Equal(0, percolator.CandidateCounts(paper).Verified);
        Assert.Equal(["\"reward models\"", "alignment"], match.Hits.Select(h => h.Term));
    }

    [Fact]
    public void LongerPhrasesStillNeedTheirWordOrderVerified()
    {
        var percolator = Build("\"long context window\"");
        // Both pairs ("long context", "context window") occur, but never as one run of three words.
        var pairsOnly = Paper("pairs", "Long context and the context window");
        var phrase = Paper("phrase", "Extending the long context window");

        Assert.Empty(percolator.Match(pairsOnly));
        Assert.Equal(1, percolator.CandidateCounts(pairsOnly).Verified);
        Assert.Single(percolator.Match(phrase));
    }

    [Fact]
    public void AnAuthorPhraseNeverRunsFromOneNameIntoTheNext()
    {
        var percolator = Build("author:\"Glavaš Ivan\"");
        var paper = Paper("two-authors", "Retrieval", "Goran Glavaš", "Ivan Vulić");

        Assert.Empty(percolator.Match(paper));
        Assert.Empty(percolator.MatchBruteForce(paper));
    }

    [Fact]
    public void WordPairsAreCountedOncePerPaperWithinEachFieldValue()
    {
        var frequencies = DocumentFrequencies.FromPapers([
            Paper("a", "Reward model training; a reward model", "Ann Reward"),
            Paper("b", "A model of reward", "Model Person"),
        ]);

        Assert.Equal(1, frequencies.Of(Bigram.Of("reward", "model")));
        Assert.Equal(2, frequencies.Of("reward"));
        // Paper a's title ends with "model" and its author starts with "Ann": no pair across two values.
        Assert.Equal(0, frequencies.Of(Bigram.Of("model", "ann")));
    }

    private static Percolator Build(string query) =>
        new PercolatorBuilder().Add(new AlertDefinition(1, QueryParser.Parse(query).Query!)).Build();
}
