using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;
using PaperMail.Web.Digests;

namespace PaperMail.Tests.Admin;

/// <summary><c>/readyz</c> through real HTTP: each condition turns it 503 with its reason, and clears again.</summary>
[Collection(nameof(AppCollection))]
public class ReadinessTests
{
    private const string Hourly = "0 * * * *";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadyzIs503WhileAnotherWriterHoldsTheDatabaseAndReadyAgainWhenItLetsGo()
    {
        await using var app = new PaperMailApp().With("PaperMail:Readiness:WriteProbeTimeoutSeconds", "1");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(client)).Status);

        using (var holder = new AdminSeed(app.DatabasePath).Open())
        {
            holder.Execute("BEGIN IMMEDIATE; INSERT INTO job_state (name, value, updated_at) VALUES ('held', 1, 1);");

            var (status, checks) = await ReadAsync(client);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal(("Unhealthy", "Database not writable."), checks["database"]);
            holder.Execute("ROLLBACK;");
        }

        var after = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal("Healthy", after.Checks["database"].Status);
    }

    [Fact]
    public async Task ReadyzIs503WhenNoIngestSucceededForTwoScheduledRunsAndReadyAfterOne()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = AppWith(clock, ingest: Hourly).WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        var client = app.CreateClient();

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 11, 59, 0, TimeSpan.Zero)); // only 11:00 passed since 10:30
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(client)).Status);

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 12, 1, 0, TimeSpan.Zero)); // 11:00 and 12:00 passed
        var (status, checks) = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks["ingest"].Status);
        Assert.Contains("ingest job has not succeeded for two scheduled runs", checks["ingest"].Description);
        Assert.Contains("overdue since 2026-03-02 12:00Z", checks["ingest"].Description);
        Assert.Equal("Healthy", checks["match"].Status);
        Assert.Equal("Healthy", checks["digest"].Status);

        await RunAsync<IngestionService>(app, s => s.RunAsync(CancellationToken.None));

        var after = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Contains("last success 2026-03-02 12:01Z", after.Checks["ingest"].Description);
    }

    [Fact]
    public async Task AnIngestWhoseOnlySourceFailedDoesNotCountAsASuccess()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = AppWith(clock, ingest: Hourly).WithSource(0, "gone", "File", path: "/nonexistent/papers.json");
        var client = app.CreateClient();

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 12, 1, 0, TimeSpan.Zero));
        await RunAsync<IngestionService>(app, s => s.RunAsync(CancellationToken.None));

        var (status, checks) = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("no success recorded", checks["ingest"].Description);
    }

    [Fact]
    public async Task ReadyzIs503WhenNoMatchRunSucceededForTwoScheduledRunsAndReadyAfterOne()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = AppWith(clock, match: "*/15 * * * *");
        var client = app.CreateClient();

        // A run that succeeded at 10:40 is 35 minutes old at 11:15: two 15-minute slots (10:45, 11:00) have passed.
        await RunAsync<MatchingService>(app, s => s.RunAsync(CancellationToken.None), clock, new DateTimeOffset(2026, 3, 2, 10, 40, 0, TimeSpan.Zero));
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 10, 59, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(client)).Status);

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 11, 0, 1, TimeSpan.Zero));
        var (status, checks) = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("match job has not succeeded", checks["match"].Description);
        Assert.Contains("last success 2026-03-02 10:40Z", checks["match"].Description);

        await RunAsync<MatchingService>(app, s => s.RunAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(client)).Status);
    }

    [Fact]
    public async Task ReadyzIs503WhenNoDigestRunSucceededForTwoScheduledRunsAndReadyAfterOneWithNobodyToMail()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = AppWith(clock, digest: Hourly);
        var client = app.CreateClient();

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero));
        var (status, checks) = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("digest job has not succeeded", checks["digest"].Description);

        await RunAsync<DigestJob>(app, j => j.RunAsync(CancellationToken.None));

        var after = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Contains("last success 2026-03-02 13:00Z", after.Checks["digest"].Description);
    }

    [Fact]
    public async Task ReadyzIs503OnceTheRelayHasBeenDownLongerThanTheLimitAndReadyAgainAfterADigestGetsThrough()
    {
        var clock = new FakeTimeProvider(Start);
        var port = LocalPorts.Free(); // nothing listens here until the relay comes back
        await using var app = AppWith(clock)
            .With("PaperMail:Readiness:RelayDownMinutes", "45")
            .With("PaperMail:Digest:SendHourUtc", "0")
            .With("PaperMail:Smtp:MaxConnections", "1")
            .With("PaperMail:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        var client = app.CreateClient();

        var quiet = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.OK, quiet.Status);
        Assert.Equal("Healthy", quiet.Checks["smtp-relay"].Status);

        await RunAsync<IngestionService>(app, s => s.RunAsync(CancellationToken.None));
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        foreach (var email in new[] { "a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org" })
        {
            await SubscriptionRows.AddAlertAsync(db, await SubscriptionRows.AddSubscriberAsync(db, email), "multilingual");
        }
        await RunAsync<MatchingService>(app, s => s.RunAsync(CancellationToken.None));
        await Assert.ThrowsAsync<DigestDeliveryStoppedException>(() => RunAsync<DigestService>(app, s => s.RunAsync(CancellationToken.None)));

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 11, 15, 0, TimeSpan.Zero)); // down 45 minutes: not longer than the limit
        var shortOutage = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.OK, shortOutage.Status);
        Assert.Equal("Healthy", shortOutage.Checks["smtp-relay"].Status);
        Assert.Contains("unreachable since 2026-03-02 10:30Z", shortOutage.Checks["smtp-relay"].Description);

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 11, 16, 0, TimeSpan.Zero));
        var (status, checks) = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks["smtp-relay"].Status);
        Assert.Equal("The SMTP relay has been unreachable since 2026-03-02 10:30Z (last tried 2026-03-02 10:30Z), longer than 45 minutes.",
            checks["smtp-relay"].Description);
        Assert.Equal("Healthy", checks["database"].Status);

        await using var relay = new TestSmtpServer(port: port);
        await RunAsync<DigestService>(app, s => s.RunAsync(CancellationToken.None));

        Assert.NotEmpty(relay.Received);
        var after = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal("The SMTP relay is not known to be down.", after.Checks["smtp-relay"].Description);
    }

    [Fact]
    public async Task ARelayThatRefusesRecipientsIsNotCalledDownByReadiness()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = AppWith(clock).With("PaperMail:Readiness:RelayDownMinutes", "1");
        var client = app.CreateClient();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IDeliveryStatusStore>().ReportProblemAsync(
                DeliveryProblemKinds.RelayRejects, "554 5.7.1 Relay access denied", Start);
        }

        clock.Advance(TimeSpan.FromHours(2));

        var (status, checks) = await ReadAsync(client);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", checks["smtp-relay"].Status);
    }

    [Fact]
    public async Task AJobThatIsNeverScheduledNeverGoesStale()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = AppWith(clock);
        var client = app.CreateClient();

        clock.Advance(TimeSpan.FromDays(400));

        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(client)).Status);
    }

    private static PaperMailApp AppWith(FakeTimeProvider clock, string ingest = PaperMailApp.Never, string match = PaperMailApp.Never, string digest = PaperMailApp.Never) =>
        new PaperMailApp()
            .With("PaperMail:Schedules:Ingest", ingest)
            .With("PaperMail:Schedules:Match", match)
            .With("PaperMail:Schedules:Digest", digest)
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));

    private static async Task RunAsync<T>(PaperMailApp app, Func<T, Task> run, FakeTimeProvider? clock = null, DateTimeOffset? at = null)
        where T : notnull
    {
        if (clock is not null && at is { } when) clock.SetUtcNow(when);
        await using var scope = app.Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<T>());
    }

    private static async Task<(HttpStatusCode Status, Dictionary<string, (string Status, string Description)> Checks)> ReadAsync(HttpClient client)
    {
        var response = await client.GetAsync("/readyz");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var checks = json.GetProperty("checks").EnumerateObject().ToDictionary(
            c => c.Name, c => (c.Value.GetProperty("status").GetString()!, c.Value.GetProperty("description").GetString() ?? ""));
        return (response.StatusCode, checks);
    }
}
