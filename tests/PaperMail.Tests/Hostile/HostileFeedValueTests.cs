using System.Net;
using System.Text.Json;
using PaperMail.Tests.Ingestion;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Hostile;

/// <summary>
/// Extreme values a feed may send, one at a time, ingested through the real path and then shown by the real pages:
/// the edge cases the random hostile-feed suite cannot be counted on to generate.
/// </summary>
[Collection(nameof(AppCollection))]
public class HostileFeedValueTests
{
    private static string HuggingFaceDocument(int upvotes, string listedOn = "2026-11-01") => JsonSerializer.Serialize(new[]
    {
        new
        {
            paper = new
            {
                id = "2612.00001", title = "Multilingual retrieval at scale", summary = "An abstract about multilingual retrieval.",
                authors = new[] { new { name = "Ada Lovelace" } }, upvotes,
            },
            _listedOn = listedOn,
        },
    });

    [Fact]
    public async Task APaperWithTheLargestUpvoteCountAFeedCanSendStillPreviews()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) =>
        {
            server.Bodies["hf"] = HuggingFaceDocument(int.MaxValue);
            app.WithSource(0, "hostile", "ArxivRss", server.Url("body/hf").ToString());
        });
        Assert.Equal(1, Assert.Single(await bed.IngestAsync()).New);
        var client = bed.App.CreateClient();

        using var preview = await client.GetAsync("/api/preview?q=multilingual");
        using var page = await client.GetAsync("/?q=multilingual");

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var json = JsonDocument.Parse(await preview.Content.ReadAsStringAsync());
        var paper = Assert.Single(json.RootElement.GetProperty("papers").EnumerateArray());
        Assert.Equal("2612.00001", paper.GetProperty("id").GetString());
        Assert.Equal(2147483647, paper.GetProperty("upvotes").GetInt32());
        // Relevance (title 3 + abstract 1) times 1 + log10(1 + 2147483647) = 10.33...: finite, and above the relevance.
        Assert.InRange(paper.GetProperty("score").GetDouble(), 41, 42);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("2147483647 upvotes", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AListingDayInTheFirstWeekOfTheCalendarStillGivesATopPreview()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) =>
        {
            server.Bodies["hf"] = HuggingFaceDocument(7, listedOn: "0001-01-01");
            app.WithSource(0, "hostile", "ArxivRss", server.Url("body/hf").ToString());
        });
        Assert.Equal(1, Assert.Single(await bed.IngestAsync()).New);
        var client = bed.App.CreateClient();

        using var preview = await client.GetAsync("/api/preview?kind=top&q=multilingual");
        using var page = await client.GetAsync("/?kind=top&q=multilingual");
        using var browse = await client.GetAsync("/papers?view=week");

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var json = JsonDocument.Parse(await preview.Content.ReadAsStringAsync());
        Assert.Equal("2612.00001", Assert.Single(json.RootElement.GetProperty("papers").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Multilingual retrieval at scale", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, browse.StatusCode);
        Assert.Contains("Multilingual retrieval at scale", await browse.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/papers?view=week&day=0001-01-01")]
    [InlineData("/papers?view=week&day=0001-01-07")]
    [InlineData("/papers?day=0001-01-01")]
    [InlineData("/papers?view=week&day=9999-12-25")]
    [InlineData("/papers?view=week&day=9999-12-31")]
    [InlineData("/papers?day=9999-12-31")]
    public async Task ABrowseDayAtEitherEndOfTheCalendarIsAnsweredWithoutAServerError(string url)
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) =>
        {
            // Papers on both sides of the asked day, so the page also works out its previous and next links.
            server.Bodies["hf"] = "[" + string.Join(",", new[] { ("2612.00001", "0001-01-02"), ("2612.00002", "9999-12-30") }.Select(p =>
                JsonSerializer.Serialize(new { paper = new { id = p.Item1, title = "Multilingual retrieval", upvotes = 3 }, _listedOn = p.Item2 }))) + "]";
            app.WithSource(0, "hostile", "ArxivRss", server.Url("body/hf").ToString());
        });
        Assert.Equal(2, Assert.Single(await bed.IngestAsync()).New);

        using var response = await bed.App.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
