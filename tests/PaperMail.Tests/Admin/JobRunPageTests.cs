using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Tests.Support;
using PaperMail.Web.Housekeeping;

namespace PaperMail.Tests.Admin;

/// <summary>The page a run-now button leads to: real Hangfire storage and server, the real admin login and form.</summary>
[Collection(nameof(AppCollection))]
public partial class JobRunPageTests
{
    [Fact]
    public async Task RunNowLeadsToThePageOfTheRunWhichFollowsItUntilItSucceeds()
    {
        await using var app = new PaperMailApp().WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var response = await browser.PostFormAsync("/admin", "/admin?handler=Run", ("job", "ingest"));
        var location = response.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Matches("^/admin/run/[0-9]+\\?job=ingest$", location);

        // The page reloads itself while the run is on; polled here as the browser would, with a hang-only bound.
        var page = "";
        for (var i = 0; i < 600 && !page.Contains("Finished successfully", StringComparison.Ordinal); i++)
        {
            if (i > 0) await Task.Delay(100);
            page = await (await browser.GetAsync(location)).Content.ReadAsStringAsync();
            if (!page.Contains("Finished", StringComparison.Ordinal)) Assert.Contains("<meta http-equiv=\"refresh\" content=\"2\">", page);
        }

        Assert.Contains("Run of <code>ingest</code>", page);
        Assert.Matches("Finished successfully in [0-9]+\\.[0-9] s\\.", page);
        Assert.DoesNotContain("http-equiv=\"refresh\"", page);
        // Its states, newest first.
        Assert.Equal(["Succeeded", "Processing", "Enqueued"], States(page));
    }

    [Fact]
    public async Task ARunThatHasNotStartedKeepsRefreshingAndAFailedOneSaysWhy()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        var waiting = jobs.Schedule<HousekeepingJob>(j => j.RunAsync(CancellationToken.None), TimeSpan.FromHours(1));
        var failed = jobs.Schedule<HousekeepingJob>(j => j.RunAsync(CancellationToken.None), TimeSpan.FromHours(1));
        jobs.ChangeState(failed, new FailedState(new InvalidOperationException("the relay said no")));

        var waitingPage = await (await browser.GetAsync($"/admin/run/{waiting}?job=housekeeping")).Content.ReadAsStringAsync();
        var failedPage = await (await browser.GetAsync($"/admin/run/{failed}?job=housekeeping")).Content.ReadAsStringAsync();

        Assert.Contains("<meta http-equiv=\"refresh\" content=\"2\">", waitingPage);
        Assert.Contains("Scheduled … this page reloads every 2 seconds until the run ends.", waitingPage);
        Assert.Contains("Failed: the relay said no", failedPage);
        Assert.DoesNotContain("http-equiv=\"refresh\"", failedPage);
    }

    [Theory]
    [InlineData("/admin/run/999999")]
    [InlineData("/admin/run/abc")]
    [InlineData("/admin/run/1%27%20OR%201=1")]
    public async Task AnUnknownRunIsNotFound(string path)
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task TheRunPageIsForLoggedInAdmins()
    {
        await using var app = new PaperMailApp();

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/admin/run/1")).StatusCode);
    }

    private static List<string> States(string page) =>
        [.. StateCell().Matches(page[page.IndexOf("<table id=\"job-history\">", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<tr><td>([A-Za-z]+)</td>")]
    private static partial Regex StateCell();
}
