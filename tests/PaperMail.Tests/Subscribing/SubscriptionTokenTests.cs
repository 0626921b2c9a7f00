using PaperMail.Core.Subscriptions;

namespace PaperMail.Tests.Subscribing;

public class SubscriptionTokenTests
{
    [Fact]
    public void TokensAreUrlSafeUniqueAndStoredOnlyAsTheirHash()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => SubscriptionToken.Create()).ToList();

        Assert.All(tokens, t => Assert.True(SubscriptionToken.LooksValid(t.Token)));
        Assert.All(tokens, t => Assert.Equal(SubscriptionToken.Hash(t.Token), t.Hash));
        Assert.All(tokens, t => Assert.DoesNotContain(t.Token, t.Hash, StringComparison.Ordinal));
        Assert.Equal(tokens.Count, tokens.Select(t => t.Token).Distinct().Count());
        Assert.Equal(64, tokens[0].Hash.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("../../../../etc/passwd/aaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=")]
    public void MalformedTokensAreRejectedBeforeAnyLookup(string? token)
    {
        Assert.False(SubscriptionToken.LooksValid(token));
    }
}
