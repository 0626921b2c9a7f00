using PaperMail.Core.Bounces;

namespace PaperMail.Tests.Bounces;

/// <summary>What a refusal says about the recipient, code by code (RFC 3463), written down from the RFC, not the code.</summary>
public sealed class FailureClassifierTests
{
    [Theory]
    // 5.1.x: bad mailbox or domain; 5.2.1: disabled. The recipient's own.
    [InlineData(550, "5.1.1 <a@example.org>: Recipient address rejected: User unknown", "hard", "5.1.1")]
    [InlineData(550, "5.1.2 Host unknown", "hard", "5.1.2")]
    [InlineData(550, "5.1.10 Recipient address rejected: null MX", "hard", "5.1.10")]
    [InlineData(550, "5.2.1 The email account that you tried to reach is disabled", "hard", "5.2.1")]
    // 5.2.2: mailbox full; counted, not suppressed at once.
    [InlineData(552, "5.2.2 Mailbox full", "soft", "5.2.2")]
    // 5.7.x, 5.3.x, 5.4.x, 5.5.x: PaperMail's relay or message, not the recipient.
    [InlineData(554, "5.7.1 <a@example.org>: Relay access denied", "ignore", "5.7.1")]
    [InlineData(550, "5.7.1 Service unavailable; client host blocked using zen.spamhaus.org", "ignore", "5.7.1")]
    [InlineData(530, "5.7.0 Authentication required", "ignore", "5.7.0")]
    [InlineData(554, "5.3.4 Message too big for system", "ignore", "5.3.4")]
    [InlineData(554, "5.4.6 Routing loop detected", "ignore", "5.4.6")]
    [InlineData(501, "5.5.2 Syntax error", "ignore", "5.5.2")]
    // The sender's address refused: ours, not theirs.
    [InlineData(553, "5.1.8 Sender address rejected: Domain not found", "ignore", "5.1.8")]
    // 4.x.x: transient.
    [InlineData(452, "4.2.2 Mailbox full, try again later", "soft", "4.2.2")]
    [InlineData(451, "4.7.1 Greylisted, come back later", "soft", "4.7.1")]
    // No enhanced code: 550/551/553 are the recipient's unless the words point at relaying or policy.
    [InlineData(550, "Requested action not taken: mailbox unavailable", "hard", "550")]
    [InlineData(551, "User not local; please try <b@example.net>", "hard", "551")]
    [InlineData(553, "sorry, that domain isn't in my list of allowed rcpthosts", "hard", "553")]
    [InlineData(550, "Relaying denied", "ignore", "550")]
    [InlineData(554, "Relay access denied", "ignore", "554")]
    [InlineData(550, "Message rejected due to local policy", "ignore", "550")]
    [InlineData(554, "Transaction failed", "ignore", "554")]
    // "5.0.0" says no more than the reply code: the words decide.
    [InlineData(550, "5.0.0 <a@example.org>... User unknown", "hard", "5.0.0")]
    [InlineData(550, "5.0.0 Your message was blocked by policy", "ignore", "5.0.0")]
    public void ARefusalIsJudgedOnItsEnhancedCodeThenItsWords(int reply, string text, string verdict, string status)
    {
        var result = FailureClassifier.Classify(reply, null, text);

        Assert.Equal((verdict, status), (result.Verdict.ToText(), result.Status));
    }

    [Theory]
    [InlineData("5.1.1", "smtp; 550 user unknown", "hard")]
    [InlineData("4.4.7", "delivery time expired", "soft")]
    [InlineData("5.2.2", "smtp; 552 over quota", "soft")]
    [InlineData("5.7.1", "smtp; 550 rejected by policy", "ignore")]
    public void ADsnStatusFieldDecidesBeforeTheDiagnosticText(string status, string diagnostic, string verdict) =>
        Assert.Equal(verdict, FailureClassifier.Classify(null, status, diagnostic).Verdict.ToText());

    [Theory]
    [InlineData("Connecting to 10.1.1.1 failed", null)]
    [InlineData("version 2.5.1 of the server", null)]
    [InlineData("550-5.1.1 The email account does not exist", "5.1.1")]
    [InlineData("#5.1.1 bad address", "5.1.1")]
    public void AnEnhancedCodeIsNotReadOutOfAddressesOrVersions(string text, string? expected) =>
        Assert.Equal(expected, EnhancedStatusCode.Find(text)?.ToString());
}
