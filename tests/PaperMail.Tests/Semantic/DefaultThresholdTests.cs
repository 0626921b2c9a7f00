using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Semantic;

/// <summary>
/// The threshold a new similar-papers alert starts with depends on its kind: a description alone, or example papers
/// (with or without a description). The values are the ones docs/semantic.md derives from the corpus, written here
/// by hand so that a change to either is a visible decision.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed partial class DefaultThresholdTests
{
    private const double Described = 0.45;
    private const double WithExamples = 0.65;

    [Fact]
    public void BuiltInDefaultsAreTheDescriptionAndTheExamplesValues()
    {
        var options = new SemanticOptions();

        Assert.Equal(Described, options.DefaultThresholdFor(0));
        Assert.Equal(WithExamples, options.DefaultThresholdFor(1));
        Assert.Equal(WithExamples, options.DefaultThresholdFor(10));
    }

    [Fact]
    public void ADescriptionAloneStartsAtTheDescriptionDefault()
    {
        var result = SimilarAlertInput.Validate(new SimilarAlertForm("machine translation for low-resource languages", "", null));

        Assert.Equal(Described, result.Alert!.Threshold);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wheat yield from satellite images")]
    public void ExamplesStartAtTheExamplesDefaultWithOrWithoutADescription(string? description)
    {
        var result = SimilarAlertInput.Validate(new SimilarAlertForm(description, "2405.14906 2410.05254", ""));

        Assert.Equal(WithExamples, result.Alert!.Threshold);
    }

    [Fact]
    public void ConfiguredDefaultsApplyToTheirKindAndAChosenThresholdWinsOverBoth()
    {
        Assert.Equal(0.5, SimilarAlertInput.Validate(new SimilarAlertForm("speech", "", null), 0.5, 0.72).Alert!.Threshold);
        Assert.Equal(0.72, SimilarAlertInput.Validate(new SimilarAlertForm("speech", "2405.14906", null), 0.5, 0.72).Alert!.Threshold);
        Assert.Equal(0.6, SimilarAlertInput.Validate(new SimilarAlertForm(null, "2405.14906", "0.6"), 0.5, 0.72).Alert!.Threshold);
        Assert.Equal(0.3, new SemanticOptions { DefaultThreshold = 0.3, ExamplesDefaultThreshold = 0.8 }.DefaultThresholdFor(0));
        Assert.Equal(0.8, new SemanticOptions { DefaultThreshold = 0.3, ExamplesDefaultThreshold = 0.8 }.DefaultThresholdFor(2));
    }

    [Fact]
    public async Task TheSliderStartsAtTheDefaultForTheKindAndThePreviewTellsTheFormBoth()
    {
        await using var bed = new SubscribingTestBed(app =>
        {
            app.With("PaperMail:Semantic:Enabled", "true").With("PaperMail:Semantic:ExamplesDefaultThreshold", "0.7");
            app.WithServices(services => services.Replace(ServiceDescriptor.Singleton<ITextEmbedder>(new FakeTextEmbedder())));
        });
        var now = DateTimeOffset.UtcNow;
        await bed.App.Services.GetRequiredService<IPaperStore>().UpsertAsync("test", [
            new IncomingPaper { Id = "2611.00001", Title = "Wheat yield forecasting from satellite images", Abstract = "We forecast wheat yield from satellite images.", PublishedAt = now },
        ], now);
        using (var scope = bed.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaperEmbedder>().EmbedPendingAsync(10, CancellationToken.None);
        }

        var blank = await bed.Client.GetStringAsync("/");
        var moreLikeThis = await bed.Client.GetStringAsync("/?like=2611.00001");
        var preview = await bed.Client.GetFromJsonAsync<JsonElement>("/api/preview/similar?description=wheat&threshold=0.3");

        Assert.Equal("0.45", SliderValue(blank));
        Assert.Equal("0.70", SliderValue(moreLikeThis));
        Assert.Equal(0.45, preview.GetProperty("defaults").GetProperty("description").GetDouble());
        Assert.Equal(0.7, preview.GetProperty("defaults").GetProperty("examples").GetDouble());
    }

    private static string SliderValue(string html) =>
        Slider().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no threshold slider on the page");

    [GeneratedRegex("<input id=\"threshold\"[^>]*?value=\"([^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex Slider();
}
