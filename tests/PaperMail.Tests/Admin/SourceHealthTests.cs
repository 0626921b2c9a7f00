using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Ingestion;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public partial class SourceHealthTests
{
    [Fact]
    public async Task TheOverviewShowsEachSourcesLastRunItemsFailuresAndLastError()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        await using var app = new PaperMailApp()
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithSource(1, "gone", "File", path: "/nonexistent/papers.json")
            .WithSource(2, "spare", "File", path: RepoPaths.SeedPapers)
            .With("PaperMail:Sources:2:Enabled", "false")
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));
        await IngestAsync(app);                                  // 2 March 10:00, outside the last 24 h at the end
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 11, 0, 0, TimeSpan.Zero));
        await IngestAsync(app);
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero));
        await IngestAsync(app);
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var response = await browser.GetAsync("/admin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var gone = Row(html, "gone");
        Assert.Equal("2026-03-03 12:00 UTC", Cell(gone, "last-run"));
        Assert.Equal("2", Cell(gone, "runs"));
        Assert.Equal("2", Cell(gone, "failures"));
        Assert.Equal("3", Cell(gone, "in-a-row"));
        await using (var connection = new AdminSeed(app.DatabasePath).Open())
        {
            var stored = await connection.ExecuteScalarAsync<string>("SELECT error FROM source_runs WHERE source = 'gone' ORDER BY id DESC LIMIT 1");
            Assert.False(string.IsNullOrEmpty(stored));
            Assert.Equal("2026-03-03 12:00 UTC: " + WebUtility.HtmlEncode(stored), Cell(gone, "last-error"));
        }
        Assert.Contains("class=\"failed\"", gone);

        var demo = Row(html, "demo");
        // The 33 demo papers: new on the first run, unchanged since.
        Assert.Equal("33 / 0 / 0 / 0", Cell(demo, "items"));
        Assert.Equal("0", Cell(demo, "failures"));
        Assert.Equal("0", Cell(demo, "in-a-row"));
        Assert.Equal("", Cell(demo, "last-error"));

        var spare = Row(html, "spare");
        Assert.Contains("spare (disabled)", spare);
        Assert.Equal("never", Cell(spare, "last-run"));
    }

    [Fact]
    public async Task ASourceThatRecoversIsNoLongerFailingButKeepsItsLastError()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        using var folder = new TempFolder();
        var path = folder.File("papers.json");
        await using var app = new PaperMailApp()
            .WithSource(0, "flaky", "File", path: path)
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));
        await IngestAsync(app); // the file is not there yet
        File.Copy(RepoPaths.SeedPapers, path);
        clock.Advance(TimeSpan.FromHours(1));
        await IngestAsync(app);
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var flaky = Row(await (await browser.GetAsync("/admin")).Content.ReadAsStringAsync(), "flaky");

        Assert.Equal("1", Cell(flaky, "failures"));
        Assert.Equal("0", Cell(flaky, "in-a-row"));
        Assert.StartsWith("2026-03-02 10:00 UTC: ", Cell(flaky, "last-error"));
        Assert.DoesNotContain("class=\"failed\"", flaky);
        Assert.Equal("33 / 33 / 0 / 0", Cell(flaky, "items"));
    }

    private static async Task IngestAsync(PaperMailApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
    }

    private static string Row(string html, string source) =>
        Regex.Match(html, $"<tr id=\"source-{source}\"[\\s\\S]*?</tr>") is { Success: true } m ? m.Value : throw new InvalidOperationException($"No row for {source}");

    private static string Cell(string row, string cssClass) =>
        Regex.Match(row, $"<td class=\"{cssClass}\">([\\s\\S]*?)</td>") is { Success: true } m ? m.Groups[1].Value.Trim() : throw new InvalidOperationException($"No cell {cssClass}");
}
