using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Admin;
using PaperMail.Store.Shared;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public class AdminOverviewTests
{
    private static string SeedPath => RepoPaths.SeedPapers;

    [Fact]
    public async Task RunNowEnqueuesTheJobAndTheOverviewShowsTheNumbersTheStoresHold()
    {
        await using var app = new PaperMailApp().WithSource(0, "demo", "File", path: SeedPath);
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var ingestId = await RunNowAsync(browser, "ingest");
        Assert.Equal("Succeeded", await WaitForFinalStateAsync(app, ingestId));

        var seed = new AdminSeed(app.DatabasePath);
        var active = seed.Subscriber("a@example.org");
        seed.Subscriber("b@example.org");
        seed.Subscriber("p@example.org", "pending");
        seed.Subscriber("u@example.org", "unsubscribed");
        seed.Subscriber("s1@example.org", "suppressed");
        seed.Subscriber("s2@example.org", "suppressed");
        seed.Alert(active, "transformer");
        seed.Alert(active, "diffusion");
        seed.Alert(active, "speech", paused: true);
        seed.Alert(active, "robots", state: "pending");
        seed.Alert(active, "agents", state: "deleted");

        var matchId = await RunNowAsync(browser, "match");
        Assert.Equal("Succeeded", await WaitForFinalStateAsync(app, matchId));

        var html = await (await browser.GetAsync("/admin")).Content.ReadAsStringAsync();
        // The demo file holds 33 papers, all first seen by this run; "transformer" (stemmed: transform) is in the title
        // or abstract of 6 of them (2305.07016, 2208.01018, 2308.16137, 2211.17135, 2409.18199, 2201.11838), "diffusion"
        // in none, and paused, pending and deleted alerts are not evaluated.
        Assert.Equal(33, Number(html, "papers-total"));
        Assert.Equal(33, Number(html, "papers-new"));
        Assert.Contains("<td>demo</td><td>File</td>", html);
        Assert.Equal(2, Number(html, "subscribers-active"));
        Assert.Equal(1, Number(html, "subscribers-pending"));
        Assert.Equal(1, Number(html, "subscribers-unsubscribed"));
        Assert.Equal(2, Number(html, "subscribers-suppressed"));
        Assert.Equal(2, Number(html, "alerts-active"));
        Assert.Equal(1, Number(html, "alerts-paused"));
        Assert.Equal(33, Number(html, "match-papers-evaluated"));
        Assert.Equal(6, Number(html, "match-matches-added"));
        Assert.Equal(6, Number(html, "matches-total"));
        Assert.Equal(0, Number(html, "digests-sent"));
    }

    [Fact]
    public async Task TheDigestSectionShowsCountsFailuresWithTheServersReplyAndLiftsASuppression()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var seed = new AdminSeed(app.DatabasePath);
        var ok = seed.Subscriber("ok@example.org");
        var late = seed.Subscriber("late@example.org");
        var bounced = seed.Subscriber("bounced@example.org", "suppressed");
        using (var c = seed.Open())
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Dapper.SqlMapper.Execute(c, """
                INSERT INTO digests (subscriber_id, period, state, attempts, created_at, sent_at, last_error) VALUES
                  (@ok, '2026-11-30', 'sent', 1, @now, @now, NULL),
                  (@late, '2026-11-30', 'failed', 6, @now, NULL, 'TransientFailure 451: 4.3.0 mailbox busy'),
                  (@late, '2026-12-01', 'pending', 0, @now, NULL, NULL);
                UPDATE subscribers SET state_reason = 'RecipientRejected 550 <bounced@example.org>: 5.1.1 no such user' WHERE id = @bounced;
                """, new { ok, late, bounced, now });
        }

        var html = await (await browser.GetAsync("/admin")).Content.ReadAsStringAsync();
        Assert.Equal(1, Number(html, "digests-sent"));
        Assert.Equal(1, Number(html, "digests-failed"));
        Assert.Equal(1, Number(html, "digests-pending"));
        Assert.Contains("4.3.0 mailbox busy", html);
        Assert.Contains("5.1.1 no such user", html);
        Assert.Contains("Run digest now", html);

        var lift = await browser.PostFormAsync("/admin", "/admin?handler=Lift", ("subscriberId", bounced.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, lift.StatusCode);
        using var check = seed.Open();
        Assert.Equal("active", Dapper.SqlMapper.ExecuteScalar<string>(check, "SELECT state FROM subscribers WHERE id = @bounced", new { bounced }));
    }

    [Fact]
    public async Task RunNowNeedsTheAntiforgeryTokenAndAKnownJob()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var noToken = await browser.Client.PostAsync("/admin?handler=Run", new FormUrlEncodedContent([new("job", "ingest")]));
        var unknown = await browser.PostFormAsync("/admin", "/admin?handler=Run", ("job", "format-disk"));

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task OverviewCountsAreZeroOnAnEmptyDatabase()
    {
        using var db = await TestDatabase.CreateAsync();
        var store = new OverviewStore(db.Database);

        Assert.Equal(new SubscriberCounts(0, 0, 0, 0), await store.CountSubscribersAsync());
        Assert.Equal(new AlertCounts(0, 0), await store.CountAlertsAsync());
    }

    private static async Task<string> RunNowAsync(AdminBrowser browser, string job)
    {
        var response = await browser.PostFormAsync("/admin", "/admin?handler=Run", ("job", job));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var jobId = Regex.Match(location, "^/admin/run/([0-9]+)\\?job=").Groups[1].Value;
        Assert.NotEmpty(jobId);
        var page = await (await browser.GetAsync(location)).Content.ReadAsStringAsync();
        Assert.Contains($"Run of <code>{job}</code> (job {jobId})", page);
        return jobId;
    }

    private static async Task<string> WaitForFinalStateAsync(PaperMailApp app, string jobId)
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        for (var i = 0; i < 1200; i++)
        {
            using var connection = storage.GetConnection();
            var state = connection.GetStateData(jobId);
            if (state?.Name is "Succeeded" or "Deleted") return state.Name;
            if (state?.Name is "Failed") return $"Failed: {(state.Data.TryGetValue("ExceptionMessage", out var m) ? m : "")}";
            await Task.Delay(100);
        }
        throw new TimeoutException($"Job {jobId} did not finish in 2 minutes.");
    }

    private static long Number(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{id}\">([0-9]+)<");
        Assert.True(match.Success, $"no number with id {id}");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
