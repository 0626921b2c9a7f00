using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperMail.Core.Portability;
using PaperMail.Core.Semantic;
using PaperMail.Tests.Semantic;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Subscribing;

/// <summary>
/// Every place an alert is typed refuses the same over-long query with the same words (written down here once), and
/// the same minimum: the form and its preview, the similar-papers form, the manage page's save and add, both preview
/// APIs and the CSV import. Forms say where as "at character", the APIs as "column" (each as before).
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class AlertInputEntryPointTests
{
    private const string TooLong = "Query is longer than 512 characters (600)";
    private const string InForms = TooLong + " (at character 513).";
    private const string InApis = TooLong + " (column 513)";
    private const string BadMinimum = "Minimum upvotes must be a whole number from 0 to 1,000,000 (or empty).";
    private static readonly string LongQuery = new('a', 600);

    private static SubscribingTestBed Start() => new(app =>
    {
        app.With("PaperMail:Semantic:Enabled", "true");
        app.WithServices(services => services.Replace(ServiceDescriptor.Singleton<ITextEmbedder>(new FakeTextEmbedder())));
    });

    private static async Task<string> TextAsync(Task<HttpResponseMessage> response) => await (await response).Content.ReadAsStringAsync();

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task TheSubscribeFormAndItsPreviewRefuseTheLongQueryAlike()
    {
        await using var bed = Start();

        var posted = await TextAsync(bed.SubmitAsync("ada@example.org", LongQuery));
        var previewed = await TextAsync(bed.PostFormAsync("/?handler=Preview", [new("Kind", "query"), new("Query", LongQuery)], tokenFrom: "/"));
        var minimum = await TextAsync(bed.SubmitAsync("ada@example.org", "llm", minUpvotes: "-1"));

        Assert.Contains(InForms, posted);
        Assert.Contains($"<p class=\"preview-error\">{InForms}</p>", previewed);
        Assert.Contains(BadMinimum, minimum);
    }

    [Fact]
    public async Task TheSimilarPapersFormRefusesTheLongFilterAlike()
    {
        await using var bed = Start();

        var html = await TextAsync(bed.PostFormAsync("/", [new("Kind", "similar"), new("Email", "ada@example.org"), new("Query", LongQuery),
            new("Frequency", "daily"), new("MinUpvotes", ""), new("Description", "crop yield"), new("Examples", ""), new("Threshold", ""), new("Website", "")]));

        Assert.Contains(InForms, html);
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
    }

    [Fact]
    public async Task TheManagePagesSaveAndAddRefuseTheLongQueryAlike()
    {
        await using var bed = Start();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var alertId = await bed.ScalarAsync<long>("SELECT id FROM alerts");

        var saved = await TextAsync(bed.PostFormAsync($"{manage}?handler=Save", [new("alertId", $"{alertId}"), new("query", LongQuery)], manage));
        var added = await TextAsync(bed.PostFormAsync($"{manage}?handler=Add", [new("query", LongQuery)], manage));
        var minimum = await TextAsync(bed.PostFormAsync($"{manage}?handler=Add", [new("query", "llm"), new("minUpvotes", "1000001")], manage));

        Assert.Contains($"id=\"alert-{alertId}-query-error\" class=\"error\">{InForms}</p>", saved);
        Assert.Contains($"id=\"new-query-error\" class=\"error\">{InForms}</p>", added);
        Assert.Contains(BadMinimum, minimum);
        Assert.Equal(1, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
    }

    [Fact]
    public async Task BothPreviewApisRefuseTheLongQueryAlike()
    {
        await using var bed = Start();

        var keyword = await DetailAsync(await bed.Client.GetAsync($"/api/preview?q={LongQuery}"));
        var top = await DetailAsync(await bed.Client.GetAsync($"/api/preview?kind=top&n=5&q={LongQuery}"));
        var similar = await DetailAsync(await bed.Client.GetAsync($"/api/preview/similar?description=crops&q={LongQuery}"));
        var minimum = await DetailAsync(await bed.Client.GetAsync("/api/preview?q=llm&minUpvotes=-1"));

        Assert.Equal(InApis, keyword);
        Assert.Equal(InApis, top);
        Assert.Equal(InForms, similar); // its filter errors were always the form's words
        Assert.Equal(BadMinimum, minimum);
    }

    [Fact]
    public void TheCsvImportRefusesTheLongQueryAlike()
    {
        var cells = new Dictionary<string, string> { ["email"] = "ada@example.org", ["frequency"] = "daily", ["query"] = LongQuery };

        var (row, error) = ImportLineReader.Read(2, name => cells.GetValueOrDefault(name) ?? "");
        cells["query"] = "llm";
        cells["min_upvotes"] = "ten";
        var (_, minimum) = ImportLineReader.Read(3, name => cells.GetValueOrDefault(name) ?? "");

        Assert.Null(row);
        Assert.Equal($"query: {InForms}", error);
        Assert.Equal($"min_upvotes: {BadMinimum}", minimum);
    }
}
