using PaperMail.Core.Semantic;

namespace PaperMail.Tests.Semantic;

public sealed class SimilarAlertInputTests
{
    private static SimilarAlertResult Validate(string? description, string? examples, string? threshold = null) =>
        SimilarAlertInput.Validate(new SimilarAlertForm(description, examples, threshold));

    [Fact]
    public void IdsAndLinksOfEverySpellingBecomeBareArxivIds()
    {
        var result = Validate(null, "2405.14906v2\nhttps://arxiv.org/abs/2410.05254, https://huggingface.co/papers/2410.07113?x=1 arXiv:2410.07171 2405.14906");

        Assert.Empty(result.Errors);
        Assert.Equal(["2405.14906", "2410.05254", "2410.07113", "2410.07171"], result.Alert!.Examples);
        Assert.Equal(SimilarAlert.ExamplesDefaultThreshold, result.Alert.Threshold);
    }

    [Fact]
    public void ADescriptionAloneIsEnoughAndItsSpacesAreTidied()
    {
        var result = Validate("  machine translation \n for  low-resource   languages ", "", "0.62");

        Assert.Equal("machine translation for low-resource languages", result.Alert!.Description);
        Assert.Empty(result.Alert.Examples);
        Assert.Equal(0.62, result.Alert.Threshold);
    }

    [Fact]
    public void NeitherDescriptionNorExamplesIsRefused()
    {
        var result = Validate(" ", "");

        Assert.Null(result.Alert);
        Assert.Equal("Describe what you want in a few words, or give at least one example paper.", result.Errors["Description"]);
    }

    [Fact]
    public void AnExampleThatIsNoArxivIdIsNamedInTheMessage()
    {
        var result = Validate(null, "2405.14906 not-a-paper https://example.com/x");

        Assert.StartsWith("Not an arXiv id or paper link: not-a-paper, https://example.com/x.", result.Errors["Examples"]);
    }

    [Fact]
    public void ElevenExamplesAreTooMany()
    {
        var eleven = string.Join(" ", Enumerable.Range(1, 11).Select(i => $"2401.{i:00000}"));

        Assert.Equal("Give at most 10 example papers (you gave 11).", Validate(null, eleven).Errors["Examples"]);
        Assert.Empty(Validate(null, string.Join(" ", Enumerable.Range(1, 10).Select(i => $"2401.{i:00000}"))).Errors);
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("0.99")]
    [InlineData("close")]
    [InlineData("NaN")]
    public void AThresholdOutsideItsRangeIsRefused(string threshold)
    {
        Assert.Equal("Closeness must be a number from 0.2 to 0.95.", Validate("agents", null, threshold).Errors["Threshold"]);
    }

    [Fact]
    public void StoredJsonReadsBackTheSameAlert()
    {
        var alert = new SimilarAlert("speech recognition", ["2405.14906"], 0.55);

        var back = SimilarAlert.FromJson(alert.ToJson())!;

        Assert.Equal(alert.Description, back.Description);
        Assert.Equal(alert.Examples, back.Examples);
        Assert.Equal(alert.Threshold, back.Threshold);
        Assert.Null(SimilarAlert.FromJson("{not json"));
    }
}
