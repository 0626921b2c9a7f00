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
    // FIPS 180-2's "abc" vector, and a token-shaped string hashed with coreutils' sha256sum.
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "0f007385b6f9d4b7eeb2748605afe1a984a0a3bfa3f014d09e2a784ce9e5cd1a")]
    public void TheStoredHashIsTheLowerCaseHexSha256OfTheToken(string token, string sha256)
    {
        Assert.Equal(sha256, SubscriptionToken.Hash(token));
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
