using Microsoft.Extensions.Options;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Tests.Semantic;

/// <summary>The composer's order of a similar-papers alert's papers (end to end on both providers: SemanticStoreContractTests).</summary>
public sealed class SimilarPapersDigestOrderTests
{
    private static Paper P(string id, int upvotes) => new() { Id = id, Title = "A paper", Abstract = "", Upvotes = upvotes, Authors = [] };

    private static DigestItem Similar(long alert, Paper paper, double cosine) =>
        new(alert, "", paper, cosine, cosine, [new TermHit("close to your description", MatchFields.None)], SimilarLabel: $"papers like alert {alert}");

    private static DigestItem Keyword(long alert, Paper paper) => new(alert, "wheat", paper, 1, 1, [new TermHit("wheat", MatchFields.Title)]);

    private static List<string> Order(params DigestItem[] items) =>
        [.. new DigestComposer(Options.Create(new DigestOptions())).Compose(items).Papers.Select(p => p.Paper.Id)];

    [Fact]
    public void EachSimilarAlertsPapersTakeItsPlacesClosestFirst()
    {
        // By upvotes: a1 (90), b1 (80), k (70), a2 (60), b2 (50), a3 (40). Alert 1 holds places 1, 4, 6; alert 2 places 2, 5.
        var order = Order(
            Similar(1, P("a1", 90), 0.60), Similar(2, P("b1", 80), 0.70), Keyword(3, P("k", 70)),
            Similar(1, P("a2", 60), 0.90), Similar(2, P("b2", 50), 0.95), Similar(1, P("a3", 40), 0.75));

        Assert.Equal(["a2", "b2", "k", "a3", "b1", "a1"], order);
    }

    [Fact]
    public void APaperAnotherAlertBroughtTooKeepsItsPlace()
    {
        var shared = P("shared", 90);
        var order = Order(
            Similar(1, shared, 0.56), Keyword(3, shared),
            Similar(1, P("close", 10), 0.99), Similar(1, P("far", 50), 0.57));

        Assert.Equal(["shared", "close", "far"], order);
    }
}
