using Microsoft.Extensions.Options;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Templates.Digest;

namespace PaperMail.Tests.Digests;

public class DigestPaperLinesTests
{
    [Fact]
    public void MetaLineJoinsAuthorsOrganisationListingDayAndUpvotes()
    {
        var lines = LinesFor(new Paper
        {
            Id = "2603.00001", Title = "T", Authors = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
            Organization = new Organization("deepmind", "Google DeepMind"), ListedOn = new DateOnly(2026, 3, 5),
            PublishedAt = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), Upvotes = 1,
        });

        Assert.Equal("Ada Lovelace, Alan Turing, Grace Hopper et al. · Google DeepMind · 5 Mar 2026 · 1 upvote", lines.Meta);
    }

    [Fact]
    public void MetaLineLeavesOutWhatThePaperLacksAndFallsBackToThePublicationDay()
    {
        var lines = LinesFor(new Paper
        {
            Id = "2612.00002", Title = "T", Organization = new Organization("acme", null),
            PublishedAt = new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero), Upvotes = 12,
        });

        Assert.Equal("acme · 31 Dec 2026 · 12 upvotes", lines.Meta);
        Assert.Equal("", LinesFor(new Paper { Id = "2612.00003", Title = "T" }).Meta);
    }

    [Fact]
    public void QueriesAndMatchedTermsOfEveryAlertAreListed()
    {
        var paper = new Paper { Id = "2603.00004", Title = "Long context multilingual models" };
        var content = Composer.Compose([
            new DigestItem(1, "\"long context\"", paper, 1, 1, [new TermHit("long context", MatchFields.Title)]),
            new DigestItem(2, "multilingual", paper, 1, 1, [new TermHit("multilingual", MatchFields.Title)]),
        ]);

        var lines = DigestPaperLines.For(content.Papers.Single());

        Assert.Equal("\"long context\" · multilingual", lines.Queries);
        Assert.Contains("multilingual", lines.MatchedTerms);
        Assert.Contains(", ", lines.MatchedTerms);
    }

    private static readonly DigestComposer Composer = new(Options.Create(new DigestOptions()));

    private static DigestPaperLines LinesFor(Paper paper) =>
        DigestPaperLines.For(Composer.Compose([new DigestItem(1, "t", paper, 1, 1, [new TermHit("t", MatchFields.Title)])]).Papers.Single());
}
