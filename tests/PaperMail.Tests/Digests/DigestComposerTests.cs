using Microsoft.Extensions.Options;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Tests.Digests;

public class DigestComposerTests
{
    private static Paper P(string id, int? upvotes, string title = "A paper", string abstractText = "", string? aiSummary = null, params string[] authors) =>
        new() { Id = id, Title = title, Abstract = abstractText, Upvotes = upvotes, AiSummary = aiSummary, Authors = authors, ListedOn = new DateOnly(2026, 11, 29) };

    private static DigestItem Item(long alert, string query, Paper paper, double relevance = 1, params TermHit[] hits) =>
        new(alert, query, paper, relevance, relevance, hits);

    private static DigestComposer Composer(int maxPapers = 20) => new(Options.Create(new DigestOptions { MaxPapers = maxPapers }));

    [Fact]
    public void EachPaperAppearsOnceWithEveryAlertItMatched()
    {
        var paper = P("2601.00001", 3, "Long context LLMs");
        var content = Composer().Compose([
            Item(1, "LLM", paper, 1, new TermHit("LLM", MatchFields.Title)),
            Item(2, "\"long context\"", paper, 2, new TermHit("\"long context\"", MatchFields.Title)),
        ]);

        var only = Assert.Single(content.Papers);
        Assert.Equal(["LLM", "\"long context\""], only.Alerts.Select(a => a.Query));
        Assert.Equal(["LLM", "\"long context\""], only.MatchedTerms);
        Assert.Equal("1 new paper for LLM, \"long context\"", content.Subject);
    }

    [Fact]
    public void PapersAreOrderedByUpvotesThenRelevanceAndCappedWithACountOfTheRest()
    {
        var items = new[]
        {
            Item(1, "x", P("a", 5), relevance: 1),
            Item(1, "x", P("b", 50), relevance: 1),
            Item(1, "x", P("c", 5), relevance: 9),
            Item(1, "x", P("d", null), relevance: 99),
        };

        var content = Composer(maxPapers: 3).Compose(items);

        Assert.Equal(["b", "c", "a"], content.Papers.Select(p => p.Paper.Id));
        Assert.Equal(1, content.MoreCount);
        Assert.StartsWith("4 new papers for x", content.Subject);
    }

    [Fact]
    public void MatchedWordsAreHighlightedThroughTheMatchersAnalysis()
    {
        var paper = P("2601.00001", 1, "Scaling LLMs to Long-Context Transformers", "We study long contexts.");
        var content = Composer().Compose([Item(1, "LLM transformer \"long context\"", paper, 1,
            new TermHit("LLM", MatchFields.Title), new TermHit("transformer", MatchFields.Title), new TermHit("\"long context\"", MatchFields.Title | MatchFields.Abstract))]);

        var title = content.Papers[0].Title;
        Assert.Equal(["LLMs", "Long", "Context", "Transformers"], title.Where(s => s.Highlighted).Select(s => s.Text));
        Assert.Equal(paper.Title, string.Concat(title.Select(s => s.Text)));
        Assert.Equal(["long", "contexts"], content.Papers[0].Excerpt.Where(s => s.Highlighted).Select(s => s.Text));
    }

    [Fact]
    public void DigestsComposedWithASharedHighlightCacheHighlightEachForItsOwnMatchedWords()
    {
        var paper = P("2601.00001", 1, "Scaling LLMs to long context", "We study long contexts.");
        var highlights = new HighlightCache();
        Digest ComposeFor(string query, params TermHit[] hits) => new(Composer().Compose([Item(1, query, paper, 1, hits)], highlights));

        var first = ComposeFor("LLM", new TermHit("LLM", MatchFields.Title));
        var second = ComposeFor("LLM", new TermHit("LLM", MatchFields.Title));
        var other = ComposeFor("context", new TermHit("context", MatchFields.Title | MatchFields.Abstract));

        Assert.Equal(["LLMs"], first.Highlighted);
        Assert.Same(first.Content.Papers[0].Title, second.Content.Papers[0].Title);
        Assert.Equal(["context"], other.Highlighted);
        Assert.Equal(["contexts"], other.Content.Papers[0].Excerpt.Where(s => s.Highlighted).Select(s => s.Text));
    }

    private sealed record Digest(DigestContent Content)
    {
        public IEnumerable<string> Highlighted => Content.Papers[0].Title.Where(s => s.Highlighted).Select(s => s.Text);
    }

    [Fact]
    public void AuthorHitsAreNotHighlightedInTheText()
    {
        var paper = P("2601.00001", 1, "Goran's retrieval paper", "", null, "Goran Glavaš");
        var content = Composer().Compose([Item(1, "author:Glavas", paper, 1, new TermHit("author:Glavas", MatchFields.Author))]);

        Assert.DoesNotContain(content.Papers[0].Title, s => s.Highlighted);
    }

    [Fact]
    public void TheExcerptIsTheAiSummaryElseTheAbstractCutAtAWord()
    {
        var longAbstract = string.Join(' ', Enumerable.Repeat("multilingual", 60));

        Assert.Equal("Short summary.", DigestComposer.Excerpt(P("a", 1, aiSummary: "Short summary.", abstractText: longAbstract)));
        var excerpt = DigestComposer.Excerpt(P("a", 1, abstractText: longAbstract));
        Assert.True(excerpt.Length <= DigestComposer.ExcerptLength + 1);
        Assert.EndsWith("multilingual…", excerpt);
    }

    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "A" }, "A")]
    [InlineData(new[] { "A", "B", "C" }, "A, B, C")]
    [InlineData(new[] { "A", "B", "C", "D" }, "A, B, C et al.")]
    public void AuthorsAreTheFirstThreeThenEtAl(string[] authors, string expected) =>
        Assert.Equal(expected, DigestComposer.AuthorLine(authors));
}
