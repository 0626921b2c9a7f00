using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Ingestion;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MatchJob;

[Collection(nameof(AppCollection))]
public class PreviewApiTests
{
    private static async Task<PaperMailApp> AppWithSeedPapersAsync()
    {
        var app = new PaperMailApp().WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        return app;
    }

    [Fact]
    public async Task AValidQueryAnswersTheMatchingRecentPapersNewestFirstWithWhatMatched()
    {
        await using var app = await AppWithSeedPapersAsync();

        var preview = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/preview?q=multilingual%20-survey");

        var papers = preview.GetProperty("papers").EnumerateArray().ToList();
        Assert.Equal("multilingual -survey", preview.GetProperty("query").GetString());
        // 22 of the 33 demo papers say "multilingual" in their title or abstract, 2 of those also "survey"; 10 are shown.
        Assert.Equal(20, preview.GetProperty("total").GetInt32());
        Assert.Equal(10, papers.Count);
        var dates = papers.Select(p => p.GetProperty("publishedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(dates.OrderDescending(), dates);
        Assert.All(papers, p =>
        {
            Assert.DoesNotContain("survey", p.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(p.GetProperty("hits").EnumerateArray(), h => h.GetProperty("term").GetString() == "multilingual");
        });
    }

    [Fact]
    public async Task MinimumUpvotesFiltersThePreview()
    {
        await using var app = await AppWithSeedPapersAsync();
        var client = app.CreateClient();

        var all = await client.GetFromJsonAsync<JsonElement>("/api/preview?q=language");
        var popular = await client.GetFromJsonAsync<JsonElement>("/api/preview?q=language&minUpvotes=2");

        // Every demo paper mentions language; 8 of them have 2 upvotes or more (2, 2, 2, 2, 2, 3, 4 and 6).
        Assert.Equal(33, all.GetProperty("total").GetInt32());
        Assert.Equal(8, popular.GetProperty("total").GetInt32());
        Assert.Equal([6, 4, 3, 2, 2, 2, 2, 2], popular.GetProperty("papers").EnumerateArray().Select(p => p.GetProperty("upvotes").GetInt32()).OrderDescending());
    }

    [Theory]
    [InlineData("\"long context", "quote")]
    [InlineData("(multilingual", "Unclosed '('")]
    [InlineData("-survey", "exclu")]
    [InlineData("foo:bar", "Unknown field 'foo'")]
    [InlineData("", "empty")]
    [InlineData("\"((((", "Unclosed quote")]
    public async Task ABadQueryIsA400ProblemWhoseDetailIsTheParsersMessage(string query, string expected)
    {
        await using var app = new PaperMailApp();

        var response = await app.CreateClient().GetAsync("/api/preview?q=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("column", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("99999999999999")]
    public async Task AnInvalidMinimumIsA400(string minUpvotes)
    {
        await using var app = new PaperMailApp();

        var response = await app.CreateClient().GetAsync("/api/preview?q=llm&minUpvotes=" + Uri.EscapeDataString(minUpvotes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AVeryLongQueryIsRefusedWithAMessageNotAnError()
    {
        await using var app = new PaperMailApp();

        var response = await app.CreateClient().GetAsync("/api/preview?q=" + new string('a', 5000));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("512", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheMatchJobRunsThroughTheAdminApi()
    {
        await using var app = await AppWithSeedPapersAsync();
        var db = app.Services.GetRequiredService<PaperMail.Store.Sqlite.SqliteDatabase>();
        var subscriber = await SubscriptionRows.AddSubscriberAsync(db, "f@example.org");
        await SubscriptionRows.AddAlertAsync(db, subscriber, "multilingual");
        var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/admin/jobs/match", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string? state = null;
        // Polls until the job ends; the bound only catches a hang.
        for (var deadline = DateTime.UtcNow.AddMinutes(2); state is not ("Succeeded" or "Failed") && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            state = (await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.OriginalString)).GetProperty("state").GetString();
        }

        Assert.Equal("Succeeded", state);
        // "multilingual" is in the title or abstract of 22 of the 33 demo papers.
        Assert.Equal(22, await app.Services.GetRequiredService<PaperMail.Core.Matching.Job.IMatchStore>().CountAsync());
    }
}
