using System.IO.Compression;
using System.Net;
using System.Text;
using System.Xml;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion;

/// <summary>Feeds that try to hurt: a trickling server, bombs, control characters, script links. Through the real ingest.</summary>
[Collection(nameof(AppCollection))]
public class HostileFeedTests
{
    private static string Entry(string id, string title, string? githubRepo = null, string? projectPage = null) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            paper = new { id, title, summary = "An abstract about multilingual retrieval.", authors = new[] { new { name = "Ada Lovelace" } }, upvotes = 5, githubRepo, projectPage },
            publishedAt = "2026-10-30T12:00:00.000Z",
        });

    [Fact]
    public async Task AServerTricklingItsBodyIsCutOffByTheDocumentDeadline()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "slow", "ArxivRss", server.Url("trickle?everyMs=5000").ToString())
            .With("PaperMail:Http:DocumentDeadlineSeconds", "2"));

        // A hang-only bound: without the deadline the trickle goes on for as long as the test waits.
        var run = Assert.Single(await bed.IngestAsync().WaitAsync(TimeSpan.FromMinutes(2)));

        Assert.NotNull(run.FinishedAt);
        Assert.Contains("no complete answer within 2 s", run.Error);
        Assert.Equal(0, run.New);
    }

    [Fact]
    public async Task ControlCharactersAreRemovedAtIngestAndNoPageOrFeedAnswers500()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) =>
        {
            server.Bodies["ctl"] = "[" + Entry("2610.00001", "Multilingual \u0001retrieval\uFFFE with \u001b[31mcolour\uFFFF") + "]";
            app.WithSource(0, "hostile", "ArxivRss", server.Url("body/ctl").ToString());
        });

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Equal(1, run.New);
        var paper = await bed.Papers.GetAsync("2610.00001");
        Assert.Equal("Multilingual retrieval with [31mcolour", paper!.Title);
    }

    [Fact]
    public async Task APaperStoredWithAControlCharacterBeforeThisFixStillGivesAValidAtomFeed()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app.WithSource(0, "demo", "File", path: RepoPaths.SeedPapers));
        await bed.IngestAsync();
        var db = bed.App.Services.GetRequiredService<SqliteDatabase>();
        await using (var connection = await db.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE papers SET title = 'Multilingual ' || char(1) || ' models' || char(65535)");
        }
        var subscriber = await SubscriptionRows.AddSubscriberAsync(db, "reader@example.org");
        await SubscriptionRows.AddAlertAsync(db, subscriber, "multilingual");
        using (var scope = bed.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaperMail.Core.Matching.Job.MatchingService>().RunAsync(CancellationToken.None);
        }
        var (token, hash) = PaperMail.Core.Subscriptions.SubscriptionToken.Create();
        await using (var connection = await db.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO subscription_tokens (hash, purpose, subscriber_id, created_at) VALUES (@hash, 'feeds', @subscriber, 0)", new { hash, subscriber });
        }

        var response = await bed.App.CreateClient().GetAsync($"/feeds/{token}.atom");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = new XmlDocument();
        xml.LoadXml(await response.Content.ReadAsStringAsync());
        Assert.Contains("Multilingual  models", xml.InnerText);
    }

    [Fact]
    public async Task OnlyHttpAndHttpsLinksFromAFeedAreKept()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) =>
        {
            server.Bodies["links"] = "[" + string.Join(",",
                Entry("2610.00002", "Scripted", githubRepo: "javascript:alert(1)", projectPage: "data:text/html,<script>alert(2)</script>"),
                Entry("2610.00003", "Fine", githubRepo: "https://github.com/example/code", projectPage: "http://example.org/project"),
                Entry("2610.00004", "Relative", githubRepo: "/etc/passwd", projectPage: "vbscript:msgbox")) + "]";
            app.WithSource(0, "links", "ArxivRss", server.Url("body/links").ToString());
        });

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Equal(3, run.New);
        var scripted = await bed.Papers.GetAsync("2610.00002");
        Assert.Null(scripted!.GithubRepo);
        Assert.Null(scripted.ProjectPage);
        var fine = await bed.Papers.GetAsync("2610.00003");
        Assert.Equal("https://github.com/example/code", fine!.GithubRepo);
        Assert.Equal("http://example.org/project", fine.ProjectPage);
        var relative = await bed.Papers.GetAsync("2610.00004");
        Assert.Null(relative!.GithubRepo);
        Assert.Null(relative.ProjectPage);
    }

    [Fact]
    public async Task ADecompressionBombStopsAtTheSizeCapAndKeepsTheEntriesBeforeIt()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) =>
        {
            server.BinaryBodies["bomb"] = Gzip(Encoding.UTF8.GetBytes("[" + Entry("2610.00005", "Before the bomb") + ","), 300L * 1024 * 1024);
            app.WithSource(0, "bomb", "ArxivRss", server.Url("bytes/bomb").ToString());
        });

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Equal(1, run.New);
        Assert.Equal(1, run.Skipped);
    }

    [Fact]
    public async Task AJsonLinesLineOverTheCapIsSkippedAndTheOthersAreRead()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) =>
        {
            var longLine = "{\"paper\":{\"id\":\"2610.00006\",\"title\":\"" + new string('a', 1_200_000) + "\"}}";
            server.Bodies["lines"] = Entry("2610.00007", "First") + "\n" + longLine + "\r\n" + Entry("2610.00008", "Last") + "\n";
            app.WithSource(0, "lines", "ArxivRss", server.Url("body/lines").ToString());
        });

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Equal(2, run.New);
        Assert.Equal(1, run.Skipped);
        Assert.NotNull(await bed.Papers.GetAsync("2610.00008"));
        Assert.Null(await bed.Papers.GetAsync("2610.00006"));
    }

    [Fact]
    public async Task ADocumentWithMoreItemsThanTheCapKeepsTheFirstFiftyThousand()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) =>
        {
            var lines = new StringBuilder();
            for (var i = 0; i < 50_010; i++) lines.Append(Entry($"2611.{i:D5}", $"Paper {i}")).Append('\n');
            server.BinaryBodies["many"] = Gzip(Encoding.UTF8.GetBytes(lines.ToString()), 0);
            app.WithSource(0, "many", "ArxivRss", server.Url("bytes/many").ToString());
        });

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Equal(50_000 + 1, run.Fetched);
        Assert.Equal(1, run.Skipped);
    }

    /// <summary>The prefix, then <paramref name="spaces"/> spaces, gzipped (spaces compress about a thousandfold).</summary>
    private static byte[] Gzip(byte[] prefix, long spaces)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(prefix);
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (long written = 0; written < spaces; written += chunk.Length) gzip.Write(chunk);
        }
        return output.ToArray();
    }
}
