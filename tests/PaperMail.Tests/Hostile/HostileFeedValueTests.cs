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
    private static string HuggingFaceDocument(int upvotes) => JsonSerializer.Serialize(new[]
    {
        new
        {
            paper = new
            {
                id = "2612.00001", title = "Multilingual retrieval at scale", summary = "An abstract about multilingual retrieval.",
                authors = new[] { new { name = "Ada Lovelace" } }, upvotes,
            },
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
}
