using PaperMail.Core.Subscriptions;

namespace PaperMail.Tests.Privacy;

public class AddressHashTests
{
    // sha256("ada@example.org") begins cfe00dde46ef (computed with sha256sum).
    [Theory]
    [InlineData("Ada@Example.org", "addr:cfe00dde46ef")]
    [InlineData("  ada@example.org ", "addr:cfe00dde46ef")]
    public void AnAddressHashesToTheFirst12HexDigitsOfTheSha256OfItsLowerCase(string address, string expected) =>
        Assert.Equal(expected, AddressHash.For(address));

    [Theory]
    [InlineData("550 5.1.1 <ada@example.org>: Recipient address rejected", "550 5.1.1 <addr:cfe00dde46ef>: Recipient address rejected")]
    [InlineData("mailbox ada@example.org, full", "mailbox addr:cfe00dde46ef, full")]
    [InlineData("554 5.7.1 Relay access denied", "554 5.7.1 Relay access denied")]
    public void ScrubReplacesEveryAddressInAReplyWithItsHash(string reply, string expected) =>
        Assert.Equal(expected, AddressHash.Scrub(reply));
}
