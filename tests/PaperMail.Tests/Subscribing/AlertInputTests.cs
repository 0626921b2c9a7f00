using PaperMail.Core.Subscriptions;

namespace PaperMail.Tests.Subscribing;

/// <summary>The one check of an alert as typed, rule by rule, with the messages every entry point shows.</summary>
public sealed class AlertInputTests
{
    private static AlertInputResult Check(string? kind = null, string? query = "multilingual", string? min = null, string? topN = null,
        string? description = null, string? examples = null, string? threshold = null, AlertRules? rules = null) =>
        new AlertInput(kind, query, min, topN, description, examples, threshold).Validate(rules);

    [Fact]
    public void AQueryAlertIsStoredWithItsNormalisedQuery()
    {
        var alert = Check(query: "  Multilingual   -Survey ", min: " 5 ").Alert!;

        Assert.Equal(("query", "Multilingual -Survey", 5, (int?)null), (alert.Kind, alert.StoredQuery, alert.MinUpvotes, alert.TopN));
        Assert.Null(alert.Similar);
    }

    [Theory]
    [InlineData("", "Query is empty (at character 1).")]
    [InlineData("(multilingual", "Unclosed '(': add the matching ')' (at character 1).")]
    [InlineData("multilingual\u0007", "The query contains control characters.")]
    public void AQueryAlertNeedsAQueryThatParses(string query, string message)
    {
        var result = Check(query: query);

        Assert.Null(result.Alert);
        Assert.Equal(message, result.Errors["Query"]);
    }

    [Fact]
    public void AnOverLongQueryIsRefusedWithTheLimitAndWhereItWasCrossed()
    {
        var result = Check(query: new string('a', 600));

        Assert.Equal("Query is longer than 512 characters (600) (at character 513).", result.Errors["Query"]);
        Assert.Equal(513, result.QueryError!.Column);
        Assert.Equal("Query is longer than 512 characters (600) (column 513)", result.QueryError.ToString());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("2.5")]
    [InlineData("many")]
    public void MinimumUpvotesIsAWholeNumberFromZeroToAMillion(string min)
    {
        Assert.Equal("Minimum upvotes must be a whole number from 0 to 1,000,000 (or empty).", Check(min: min).Errors["MinUpvotes"]);
    }

    [Fact]
    public void ATopAlertDefaultsToTenAndItsQueryIsAnOptionalFilter()
    {
        var plain = Check(kind: "top", query: " ").Alert!;
        var filtered = Check(kind: "top", topN: "20", query: "llm   agents").Alert!;

        Assert.Equal(("top", 10, ""), (plain.Kind, plain.TopN, plain.StoredQuery));
        Assert.Equal((20, "llm agents"), (filtered.TopN, filtered.StoredQuery));
    }

    [Theory]
    [InlineData("top", "7", "Choose 5, 10 or 20 top papers.")]
    [InlineData("sideways", null, "Choose top papers or papers matching a query.")]
    public void OnlyTheKnownKindsAndSizesAreAccepted(string kind, string? topN, string message)
    {
        Assert.Equal(message, Check(kind: kind, topN: topN).Errors["TopN"]);
    }

    [Fact]
    public void ASimilarAlertTakesItsTextExamplesAndClosenessAndAnOptionalFilter()
    {
        var alert = Check(kind: "similar", query: "", description: " crop  yield ", examples: "arXiv:2405.14906v2", threshold: "0.7").Alert!;

        Assert.Equal(("similar", ""), (alert.Kind, alert.StoredQuery));
        Assert.Equal(("crop yield", 0.7), (alert.Similar!.Description, alert.Similar.Threshold));
        Assert.Equal(["2405.14906"], alert.Similar.Examples);
    }

    [Fact]
    public void ASimilarAlertWithoutAClosenessGetsThePlacesDefault()
    {
        Assert.Equal(0.61, Check(kind: "similar", description: "crops", rules: new AlertRules(0.61)).Alert!.Similar!.Threshold);
    }

    [Fact]
    public void ASimilarAlertWithExamplesButNoClosenessGetsThePlacesExamplesDefault()
    {
        var rules = new AlertRules(0.61, ExamplesDefaultThreshold: 0.72);
        Assert.Equal(0.72, Check(kind: "similar", description: "crops", examples: "2405.14906", rules: rules).Alert!.Similar!.Threshold);
    }

    [Fact]
    public void TheRulesForAServerCarryBothConfiguredDefaults()
    {
        var rules = AlertRules.For(new PaperMail.Core.Semantic.SemanticOptions { Enabled = true, DefaultThreshold = 0.5, ExamplesDefaultThreshold = 0.7 });
        Assert.Equal((0.5, 0.7, (string?)null), (rules.DefaultThreshold, rules.ExamplesDefaultThreshold, rules.SimilarRefused));
    }

    [Theory]
    [InlineData("", "", "", "Description", "Describe what you want in a few words, or give at least one example paper.")]
    [InlineData("crops", "nope", "", "Examples", "Not an arXiv id or paper link: nope. Use ids like 2405.14906 or links to arxiv.org or huggingface.co/papers.")]
    [InlineData("crops", "", "0.1", "Threshold", "Closeness must be a number from 0.2 to 0.95.")]
    public void ASimilarAlertsOwnFieldsFollowTheirRules(string description, string examples, string threshold, string field, string message)
    {
        Assert.Equal(message, Check(kind: "similar", description: description, examples: examples, threshold: threshold).Errors[field]);
    }

    [Fact]
    public void ASimilarAlertWhereTheKindIsRefusedSaysWhy()
    {
        var result = Check(kind: "similar", description: "crops", rules: new AlertRules(SimilarRefused: AlertRules.SwitchedOff));

        Assert.Equal("Similar-papers alerts are switched off on this server.", result.Errors["TopN"]);
    }

    [Fact]
    public void EveryFieldIsCheckedAtOnceAndTheFirstMessageFollowsFieldOrder()
    {
        var result = Check(kind: "similar", query: "(", min: "x", description: "", examples: "", threshold: "2");

        Assert.Equal(["Description", "MinUpvotes", "Query", "Threshold"], result.Errors.Keys.Order());
        Assert.Equal("Unclosed '(': add the matching ')' (at character 1).", result.FirstError);
    }
}
