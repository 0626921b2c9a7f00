using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Trending;

namespace PaperMail.Tests.Trending;

/// <summary>What "trending" means, on hand-made papers whose order is written down here.</summary>
public sealed class TrendingRankingTests
{
    private static readonly DateTimeOffset Seen = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    private static Paper P(string id, int? upvotes, string? listed = "2026-12-01", string? published = null, string title = "A paper") => new()
    {
        Id = id,
        Title = title,
        Upvotes = upvotes,
        ListedOn = listed is null ? null : DateOnly.Parse(listed, System.Globalization.CultureInfo.InvariantCulture),
        PublishedAt = published is null ? null : DateTimeOffset.Parse(published, System.Globalization.CultureInfo.InvariantCulture),
        FirstSeenAt = Seen,
    };

    [Fact]
    public void MoreUpvotesRankHigherAndUnknownCountsAsNone()
    {
        var ranked = TrendingRanking.Rank([P("a", 3), P("b", null), P("c", 40), P("d", 7)]);

        Assert.Equal(["c", "d", "a", "b"], ranked.Select(r => r.Paper.Id));
        Assert.Equal([1, 2, 3, 4], ranked.Select(r => r.Rank));
        Assert.Equal(0, ranked[3].Upvotes);
    }

    [Fact]
    public void TiesGoToTheNewerPaperByListingDayThenPublicationThenId()
    {
        var ranked = TrendingRanking.Rank([
            P("2601.00001", 10, listed: "2026-11-30"),
            P("2601.00002", 10, listed: "2026-12-01", published: "2026-11-28T10:00:00Z"),
            P("2601.00003", 10, listed: "2026-12-01", published: "2026-11-29T10:00:00Z"),
            P("2601.00004", 10, listed: "2026-12-01", published: "2026-11-29T10:00:00Z"),
        ]);

        Assert.Equal(["2601.00004", "2601.00003", "2601.00002", "2601.00001"], ranked.Select(r => r.Paper.Id));
    }

    [Fact]
    public void ATopAlertTakesTheFirstNThatPassItsFilterAndKeepsTheirDayRank()
    {
        var ranked = TrendingRanking.Rank([
            P("a", 50, title: "Scaling vision transformers"),
            P("b", 40, title: "Multilingual retrieval at scale"),
            P("c", 30, title: "Another vision paper"),
            P("d", 20, title: "Multilingual speech"),
            P("e", 10, title: "Multilingual but barely liked"),
        ]);
        var filter = new TrendingFilter(2, QueryParser.Parse("multilingual").Query, MinUpvotes: 15);

        var picks = TrendingSelection.Select(ranked, filter, TrendingSelection.AnalysedOnce());

        Assert.Equal([("b", 2), ("d", 4)], picks.Select(p => (p.Ranked.Paper.Id, p.Ranked.Rank)));
        Assert.All(picks, p => Assert.NotNull(p.Match));
    }

    [Fact]
    public void WithoutAFilterATopAlertTakesTheTopN()
    {
        var ranked = TrendingRanking.Rank([P("a", 1), P("b", 2), P("c", 3)]);

        var picks = TrendingSelection.Select(ranked, new TrendingFilter(5, null, null), TrendingSelection.AnalysedOnce());

        Assert.Equal(["c", "b", "a"], picks.Select(p => p.Ranked.Paper.Id));
    }

    [Fact]
    public void ADailyDigestRanksTheDayBeforeItsSendDay()
    {
        var window = TrendingWindow.ForDailyPeriod("2026-12-01");

        Assert.Equal((new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 30)), (window.From, window.To));
        Assert.Equal("day", window.Noun);
    }

    [Fact]
    public void AWeeklyDigestRanksTheSevenDaysBeforeItsSendDay()
    {
        // ISO week 2026-W49 starts on Monday 30 November; sent on Wednesday 2 December, it ranks 25 Nov – 1 Dec.
        var window = TrendingWindow.ForWeeklyPeriod("2026-W49", new DigestOptions { WeeklyDay = DayOfWeek.Wednesday });

        Assert.Equal((new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 1)), (window.From, window.To));
        Assert.Equal("week", window.Noun);
    }

    [Fact]
    public void SuggestedAlertsAreValidQueriesForAuthorsOrganizationAndKeyPhrases()
    {
        var paper = P("2601.00001", 1) with
        {
            Authors = ["Ada \"Countess\" Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
            Organization = new Organization("google", "Google"),
            AiKeywords = ["long context", "retrieval"],
        };

        var suggestions = SimilarPaperQueries.For(paper);

        Assert.Equal(
            ["author:\"Ada Countess Lovelace\"", "author:\"Alan Turing\"", "author:\"Grace Hopper\"", "org:\"Google\"", "\"long context\" OR \"retrieval\""],
            suggestions.Select(s => s.Query));
        Assert.All(suggestions, s => Assert.True(QueryParser.Parse(s.Query).IsSuccess));
    }
}
