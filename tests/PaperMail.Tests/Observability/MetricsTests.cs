using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Delivery;
using PaperMail.Tests.Support;
using PaperMail.Web.Digests;
using PaperMail.Web.Ingestion;

namespace PaperMail.Tests.Observability;

/// <summary>/metrics through real HTTP, counting what real jobs did against a real SMTP server.</summary>
[Collection(nameof(AppCollection))]
public class MetricsTests
{
    [Fact]
    public async Task MetricsCountTheIngestMatchAndDigestOfTheDemoPapers()
    {
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        smtp.RecipientFault = to => to.StartsWith("gone@", StringComparison.Ordinal) ? FaultInjectingSmtpServer.Reply(550, "5.1.1 no such user") : null;
        await using var app = new PaperMailApp()
            .With("PaperMail:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithServices(s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero))));
        var db = app.Services.GetRequiredService<SqliteDatabase>();

        await RunAsync<IngestJob>(app, j => j.RunAsync(CancellationToken.None));
        await RunAsync<IngestJob>(app, j => j.RunAsync(CancellationToken.None)); // the same items again: nothing new
        foreach (var email in new[] { "one@example.org", "gone@example.org", "two@example.org" })
        {
            await SubscriptionRows.AddAlertAsync(db, await SubscriptionRows.AddSubscriberAsync(db, email), "multilingual");
        }
        await SubscriptionRows.AddSubscriberAsync(db, "later@example.org", state: "pending");
        await RunAsync<PaperMail.Web.Matching.MatchJob>(app, j => j.RunAsync(CancellationToken.None));
        await RunAsync<DigestJob>(app, j => j.RunAsync(CancellationToken.None));

        var scrape = await ScrapeAsync(app.CreateAdminClient());

        // The 33 demo papers are new once; the second run stores nothing.
        Assert.Equal(33, scrape["papermail_ingest_papers{change=\"new\",source=\"demo\"}"]);
        Assert.Equal(0, scrape["papermail_ingest_papers{change=\"changed\",source=\"demo\"}"]);
        Assert.Equal(0, scrape["papermail_ingest_failures{source=\"demo\"}"]);
        // 22 of the 33 demo papers say "multilingual"; three subscribers each have that alert.
        Assert.Equal(66, scrape["papermail_match_matches"]);
        Assert.Equal(1, scrape["papermail_match_duration_seconds_count"]);
        Assert.Equal(2, scrape["papermail_digests{outcome=\"sent\"}"]);
        Assert.Equal(1, scrape["papermail_digests{outcome=\"suppressed\"}"]);
        Assert.Equal(0, scrape["papermail_digests{outcome=\"failed\"}"]);
        Assert.Equal(0, scrape["papermail_digests{outcome=\"retried\"}"]);
        Assert.Equal(2, scrape["papermail_smtp_replies{class=\"2xx\"}"]);
        Assert.Equal(1, scrape["papermail_smtp_replies{class=\"5xx\"}"]);
        Assert.Equal(3, scrape["papermail_delivery_latency_seconds_count"]);
        Assert.Equal(2, scrape["papermail_job_duration_seconds_count{job=\"ingest\"}"]);
        Assert.Equal(1, scrape["papermail_job_duration_seconds_count{job=\"digest\"}"]);
        Assert.Equal(2, scrape["papermail_outbox_depth{state=\"sent\"}"]);
        Assert.Equal(1, scrape["papermail_outbox_depth{state=\"suppressed\"}"]);
        Assert.Equal(0, scrape["papermail_outbox_depth{state=\"pending\"}"]);
        Assert.Equal(2, scrape["papermail_subscribers{state=\"active\"}"]);
        Assert.Equal(1, scrape["papermail_subscribers{state=\"suppressed\"}"]);
        Assert.Equal(1, scrape["papermail_subscribers{state=\"pending\"}"]);
        await using var connection = await db.OpenAsync();
        Assert.Equal(66, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM matches"));
    }

    [Fact]
    public async Task AJobThatThrowsIsCountedAsAFailure()
    {
        // The only source is missing: every source failed, so the ingest job throws for the scheduler to see.
        await using var app = new PaperMailApp().WithSource(0, "gone", "File", path: "/nonexistent/papers.json");

        await Assert.ThrowsAnyAsync<Exception>(() => RunAsync<IngestJob>(app, j => j.RunAsync(CancellationToken.None)));

        var scrape = await ScrapeAsync(app.CreateAdminClient());
        Assert.Equal(1, scrape["papermail_job_failures{job=\"ingest\"}"]);
        Assert.Equal(1, scrape["papermail_job_duration_seconds_count{job=\"ingest\"}"]);
    }

    [Fact]
    public async Task MetricsNeedTheAdminApiKey()
    {
        await using var app = new PaperMailApp();

        var anonymous = await app.CreateClient().GetAsync("/metrics");
        var wrongKey = app.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateAdminClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task WithAPortMetricsAreServedOnLocalhostThereWithoutAKeyAndNotOnTheAppsPort()
    {
        var port = LocalPorts.Free();
        await using var app = new PaperMailApp().With("PaperMail:Metrics:Port", port.ToString(CultureInfo.InvariantCulture));
        _ = app.Services; // starts the app and its hosted services
        await LocalPorts.WaitUntilListeningAsync(port, "metrics server");

        using var local = new HttpClient();
        var scrape = new PrometheusScrape(await local.GetStringAsync($"http://127.0.0.1:{port}/metrics"));

        Assert.Equal(0, scrape["papermail_subscribers{state=\"active\"}"]);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateAdminClient().GetAsync("/metrics")).StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    public async Task AMetricsPortOutOfRangeStopsStartUpNamingTheKey(string port)
    {
        await using var app = new PaperMailApp().With("PaperMail:Metrics:Port", port);

        var error = Record.Exception(() => app.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("PaperMail:Metrics:Port", error.ToString());
    }

    private static async Task RunAsync<T>(PaperMailApp app, Func<T, Task> run) where T : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<T>());
    }

    private static async Task<PrometheusScrape> ScrapeAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusScrape(await response.Content.ReadAsStringAsync());
    }
}
