using PaperMail.Core.Subscriptions;

namespace PaperMail.Tests.Subscribing;

public class SubscriptionFormValidatorTests
{
    private static SubscriptionFormResult Validate(string? email = "ada@example.org", string? query = "multilingual",
        string? frequency = "weekly", string? minUpvotes = null) =>
        SubscriptionFormValidator.Validate(new SubscriptionForm(email, query, frequency, minUpvotes));

    [Fact]
    public void AValidFormGivesARequestWithTheNormalisedQuery()
    {
        var result = Validate(email: "  Ada@Example.ORG ", query: "Multilingual   -Survey", frequency: "Daily", minUpvotes: "5");

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal("Ada@Example.ORG", result.Request!.Email.Display);
        Assert.Equal("ada@example.org", result.Request.Email.Key);
        Assert.Equal(DigestFrequency.Daily, result.Request.Frequency);
        Assert.Equal(5, result.Request.MinUpvotes);
        Assert.Equal("Multilingual -Survey", result.Request.Query!.Normalized);
    }

    [Fact]
    public void AnInternationalisedDomainIsAllowedAndKeyedInAscii()
    {
        var result = Validate(email: "Jürgen@Bücher.example");

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Values));
        Assert.Equal("Jürgen@bücher.example", result.Request!.Email.Display);
        Assert.Equal("jürgen@xn--bcher-kva.example", result.Request.Email.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-address")]
    [InlineData("Ada <ada@example.org>")]
    [InlineData("ada@example.org, bob@example.org")]
    [InlineData("ada@localhost")]
    [InlineData("ada@@example.org")]
    [InlineData("ada@exa mple.org")]
    [InlineData("ada\u0000@example.org")]
    [InlineData("ada@example.org\r\nBcc: eve@example.org")]
    public void BadEmailsAreRefusedWithAMessage(string email)
    {
        var result = Validate(email: email);

        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrWhiteSpace(result.Errors["Email"]));
    }

    [Fact]
    public void AnEmailLongerThan254CharactersIsRefused()
    {
        var result = Validate(email: new string('a', 250) + "@example.org");

        Assert.Contains("254", result.Errors["Email"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"((((")]
    [InlineData("((((")]
    [InlineData("multilingual\u0007")]
    public void BadQueriesAreRefusedWithTheParsersMessage(string query)
    {
        var result = Validate(query: query);

        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrWhiteSpace(result.Errors["Query"]));
    }

    [Fact]
    public void AQueryErrorSaysWhere()
    {
        var result = Validate(query: "multilingual (");

        Assert.Contains("character", result.Errors["Query"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("monthly")]
    [InlineData("")]
    public void FrequencyMustBeDailyOrWeekly(string? frequency)
    {
        Assert.Equal("Choose daily or weekly.", Validate(frequency: frequency).Errors["Frequency"]);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("99999999999999999999")]
    public void MinimumUpvotesOutsideZeroToAMillionIsRefused(string minUpvotes)
    {
        Assert.Contains("0 to 1,000,000", Validate(minUpvotes: minUpvotes).Errors["MinUpvotes"]);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", 0)]
    [InlineData("1000000", 1_000_000)]
    public void MinimumUpvotesIsOptional(string? text, int? expected)
    {
        var result = Validate(minUpvotes: text);

        Assert.True(result.IsValid);
        Assert.Equal(expected, result.Request!.MinUpvotes);
    }

    [Fact]
    public void EveryFieldIsCheckedAtOnce()
    {
        var result = Validate(email: "x", query: "(", frequency: "hourly", minUpvotes: "-3");

        Assert.Equal(["Email", "Frequency", "MinUpvotes", "Query"], result.Errors.Keys.Order());
    }
}
