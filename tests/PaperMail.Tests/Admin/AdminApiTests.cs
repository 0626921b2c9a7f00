using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public class AdminApiTests
{
    private static string SeedPath => RepoPaths.SeedPapers;

    [Theory]
    [InlineData("POST", "/api/admin/jobs/ingest")]
    [InlineData("GET", "/api/admin/jobs/1")]
    [InlineData("GET", "/api/admin/stats")]
    public async Task CallsWithoutTheRightKeyAreRefused(string method, string path)
    {
        await using var app = new PaperMailApp();
        var anonymous = app.CreateClient();
        var wrongKey = app.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
    }

    [Fact]
    public async Task WithNoKeyConfiguredTheAdminApiIsOff()
    {
        await using var app = new PaperMailApp().With("PaperMail:Admin:ApiKey", "");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/admin/stats")).StatusCode);
    }

    [Fact]
    public async Task RunningIngestNowEnqueuesItAndItsStateCanBeFollowedToSuccess()
    {
        await using var app = new PaperMailApp().WithSource(0, "demo", "File", path: SeedPath);
        var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/admin/jobs/ingest", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString();
        Assert.False(string.IsNullOrEmpty(jobId));
        Assert.Equal($"/api/admin/jobs/{jobId}", response.Headers.Location?.OriginalString);

        var state = await WaitForFinalStateAsync(client, response.Headers.Location!.OriginalString);
        Assert.Equal("Succeeded", state.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("error").ValueKind);

        var stats = await client.GetFromJsonAsync<JsonElement>("/api/admin/stats");
        Assert.Equal(33, stats.GetProperty("papers").GetInt64());
        var source = Assert.Single(stats.GetProperty("sources").EnumerateArray());
        Assert.Equal("demo", source.GetProperty("source").GetString());
        Assert.Equal(33, source.GetProperty("new").GetInt32());
    }

    [Fact]
    public async Task AJobWhoseSourcesAllFailEndsFailedWithItsError()
    {
        await using var app = new PaperMailApp().WithSource(0, "missing", "File", path: "/nonexistent/papers.json");
        var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/admin/jobs/ingest", null);
        var state = await WaitForFinalStateAsync(client, response.Headers.Location!.OriginalString);

        Assert.Equal("Failed", state.GetProperty("state").GetString());
        Assert.Contains("no such file", state.GetProperty("error").GetString());
    }

    [Fact]
    public async Task UnknownJobsAndJobIdsAre404()
    {
        await using var app = new PaperMailApp();
        var client = app.CreateAdminClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/admin/jobs/nope", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/admin/jobs/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/admin/jobs/not-a-number")).StatusCode);
    }

    [Fact]
    public async Task HealthzAnswersWithoutAuthentication()
    {
        await using var app = new PaperMailApp();
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    private static async Task<JsonElement> WaitForFinalStateAsync(HttpClient client, string location)
    {
        // Polls the job as an automation client would; bounded so a broken job fails the test instead of hanging it.
        for (var i = 0; i < 1200; i++)
        {
            var state = await client.GetFromJsonAsync<JsonElement>(location);
            var name = state.GetProperty("state").GetString();
            // Failed jobs with retries left go back to Scheduled; the retry is what we wait for.
            if (name is "Succeeded" or "Deleted") return state;
            if (name == "Failed") return state;
            await Task.Delay(100);
        }
        throw new TimeoutException("The job did not finish in 2 minutes.");
    }
}
