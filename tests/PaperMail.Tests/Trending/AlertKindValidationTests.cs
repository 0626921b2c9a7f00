using PaperMail.Core.Subscriptions;

namespace PaperMail.Tests.Trending;

/// <summary>The form's rules for the two kinds of alert, as a pure function.</summary>
public sealed class AlertKindValidationTests
{
    private static SubscriptionFormResult Validate(string? kind, string? topN, string? query) =>
        SubscriptionFormValidator.Validate(new SubscriptionForm("ada@example.org", query, "daily", "", kind, topN));

    [Fact]
    public void ATopAlertNeedsNoQueryAndDefaultsToTen()
    {
        var result = Validate("top", null, "  ");

        Assert.True(result.IsValid);
        Assert.Equal((10, ""), (result.Request!.TopN, result.Request.StoredQuery));
        Assert.Equal("the top 10 papers of each day", result.Request.Description);
    }

    [Fact]
    public void ATopAlertsQueryIsAFilterAndMustParse()
    {
        var filtered = Validate("top", "5", "Multilingual   -survey");
        var broken = Validate("top", "5", "(multilingual");

        Assert.Equal((5, "Multilingual -survey"), (filtered.Request!.TopN, filtered.Request.StoredQuery));
        Assert.Equal("the top 5 papers of each day about Multilingual -survey", filtered.Request.Description);
        Assert.Contains("Query", broken.Errors.Keys);
    }

    [Theory]
    [InlineData("top", "7")]
    [InlineData("top", "ten")]
    [InlineData("top", "-5")]
    public void OnlyFiveTenOrTwentyTopPapersCanBeChosen(string kind, string topN)
    {
        Assert.Equal("Choose 5, 10 or 20 top papers.", Validate(kind, topN, "").Errors["TopN"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("query")]
    public void WithoutTheTopKindTheQueryIsRequired(string? kind)
    {
        var result = Validate(kind, "10", "");

        Assert.False(result.IsValid);
        Assert.Equal("Query is empty (at character 1).", result.Errors["Query"]);
    }

    [Fact]
    public void AnUnknownKindIsRefused()
    {
        Assert.Equal("Choose top papers or papers matching a query.", Validate("sideways", null, "llm").Errors["TopN"]);
    }
}
