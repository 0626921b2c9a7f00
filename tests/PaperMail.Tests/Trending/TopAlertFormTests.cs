using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Trending;

/// <summary>
/// Top alerts on the form, the previews and the manage page, over real HTTP with antiforgery, against recorded 10 October
/// papers (ranks in <see cref="TrendingDigestTests"/>).
/// </summary>
[Collection(nameof(AppCollection))]
public sealed partial class TopAlertFormTests
{
    private static readonly string[] TopFiveOfOctober10 = ["2410.07113", "2410.05254", "2410.07171", "2410.05993", "2410.05363"];

    private static async Task<TrendingTestBed> StartAsync()
    {
        var bed = await TrendingTestBed.StartAsync(new DateTimeOffset(2024, 10, 11, 8, 0, 0, TimeSpan.Zero));
        await bed.IngestAsync();
        return bed;
    }

    private static HttpClient Browser(TrendingTestBed bed) =>
        bed.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, params (string Key, string Value)[] fields)
    {
        var token = await SubscribingTestBed.AntiforgeryTokenAsync(client, path.Split('?')[0]);
        return await client.PostAsync(path, new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Key, f.Value)), new("__RequestVerificationToken", token)]));
    }

    private static async Task<(long? TopN, string Query)> AlertAsync(TrendingTestBed bed, long id)
    {
        await using var connection = new SqliteConnection($"Data Source={bed.App.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT top_n, query FROM alerts WHERE id = {id}";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetString(1));
    }

    [Fact]
    public async Task TheLivePreviewOfATopAlertPicksWhatItsDigestThenHolds()
    {
        await using var bed = await StartAsync();

        var preview = await bed.App.CreateClient().GetFromJsonAsync<JsonElement>("/api/preview?kind=top&n=5&period=daily&q=");
        var reader = await bed.AddReaderAsync("reader@example.org");
        await bed.AddTopAlertAsync(reader, 5);
        await bed.RunDigestsAsync();
        var digest = TrendingTestBed.PapersOf(await bed.Smtp.NextAsync());

        var papers = preview.GetProperty("papers").EnumerateArray().ToList();
        Assert.Equal(TopFiveOfOctober10, papers.Select(p => p.GetProperty("id").GetString()));
        Assert.Equal([1, 2, 3, 4, 5], papers.Select(p => p.GetProperty("rank").GetInt32()));
        Assert.Equal(digest.Select(p => p.Id), papers.Select(p => p.GetProperty("id").GetString()));
        Assert.StartsWith("Your digest would hold the top 5 papers of each day: from the 46 papers of the day ending 2024-10-10", preview.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task TheFormPreviewsAFilteredTopAlertWithoutJavaScript()
    {
        await using var bed = await StartAsync();
        var client = Browser(bed);

        var response = await PostAsync(client, "/?handler=Preview",
            ("Kind", "top"), ("TopN", "5"), ("Query", "multimodal"), ("MinUpvotes", "30"), ("Frequency", "daily"), ("Email", ""));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your digest would hold the top 5 papers of each day about multimodal", html);
        Assert.Equal(["2410.07113", "2410.05993"], PreviewLink().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Contains("#4 of the day, 33 upvotes", html);
    }

    [Fact]
    public async Task SubscribingToTopPapersWithoutAQueryMakesATopAlertOnceConfirmed()
    {
        await using var bed = await StartAsync();
        var client = Browser(bed);

        var response = await PostAsync(client, "/", ("Kind", "top"), ("TopN", "20"), ("Query", ""), ("Frequency", "daily"), ("MinUpvotes", ""),
            ("Email", "ada@example.org"), ("Website", ""));
        var email = await bed.Smtp.NextAsync();
        var confirmed = await client.GetStringAsync(SubscribingTestBed.ConfirmPath(email));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("the top 20 papers of each day", email.TextBody);
        Assert.Contains("<p class=\"query\">the top 20 papers of each day</p>", confirmed);
        Assert.Equal((20, ""), await AlertAsync(bed, 1));
    }

    [Theory]
    [InlineData("top", "7", "", "Choose 5, 10 or 20")]
    [InlineData("query", "10", "", "Query is empty")]
    [InlineData("sideways", "10", "llm", "Choose top papers or papers matching a query")]
    public async Task ABadAlertKindIsRefusedWithAMessageAndTheInputKept(string kind, string topN, string query, string message)
    {
        await using var bed = await StartAsync();

        var response = await PostAsync(Browser(bed), "/", ("Kind", kind), ("TopN", topN), ("Query", query), ("Frequency", "weekly"),
            ("Email", "ada@example.org"), ("Website", ""));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains("value=\"ada@example.org\"", html);
        Assert.Empty(bed.Smtp.Received);
    }

    [Fact]
    public async Task TheManagePageChangesNAndFilterAndSwitchesKinds()
    {
        await using var bed = await StartAsync();
        var client = Browser(bed);
        await PostAsync(client, "/", ("Kind", "top"), ("TopN", "10"), ("Query", ""), ("Frequency", "weekly"), ("Email", "ada@example.org"), ("Website", ""));
        var confirmed = await (await PostAsync(client, SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync()))).Content.ReadAsStringAsync();
        var manage = SubscribingTestBed.Href(confirmed, "manage-link");

        var page = await client.GetStringAsync(manage);
        var toFive = await PostAsync(client, $"{manage}?handler=Save", ("alertId", "1"), ("kind", "top"), ("topN", "5"), ("query", "multilingual"), ("minUpvotes", ""));
        var afterFive = await AlertAsync(bed, 1);
        var empty = await PostAsync(client, $"{manage}?handler=Save", ("alertId", "1"), ("kind", "query"), ("topN", "5"), ("query", ""), ("minUpvotes", ""));
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        var toQuery = await PostAsync(client, $"{manage}?handler=Save", ("alertId", "1"), ("kind", "query"), ("topN", "5"), ("query", "llm agents"), ("minUpvotes", ""));
        var afterQuery = await AlertAsync(bed, 1);
        var shown = await client.GetStringAsync(manage);

        Assert.Contains("Top 10 papers of each week", page);
        Assert.Equal(HttpStatusCode.SeeOther, toFive.StatusCode);
        Assert.Equal((5, "multilingual"), afterFive);
        Assert.Contains("Query is empty", emptyHtml);
        Assert.Equal(HttpStatusCode.SeeOther, toQuery.StatusCode);
        Assert.Equal((null, "llm agents"), afterQuery);
        Assert.Contains("<code>llm agents</code>", shown);
    }

    [GeneratedRegex("<a href=\"/papers/([^\"]+)\">")]
    private static partial Regex PreviewLink();
}
