using Dapper;
using PaperMail.Core.Operations;
using PaperMail.Core.Portability;
using PaperMail.Core.Scheduling;
using PaperMail.Core.Subscriptions;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.StoreContract;

/// <summary>
/// The stores the operations work added (CSV imports, the 30-day charts, subscribers' time zones), and the time zone and
/// top-N the subscription and export stores carry: same tests, one derived class per provider.
/// </summary>
public abstract class OperationsStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private StoreWorld _world = null!;

    protected abstract Task<StoreWorld> CreateWorldAsync();

    public async Task InitializeAsync() => _world = await CreateWorldAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static EmailAddress Email(string text) => EmailAddress.TryParse(text, out _)!;

    [Fact]
    public async Task AConsentedImportAddsActiveSubscribersAlertsOnceAndLeavesTheUnsubscribedAlone()
    {
        var imports = _world.Store<IImportStore>();
        var alert = new ImportedAlert("diffusion", 10, Paused: false, TopN: 3);
        var line = new ImportRow(2, Email("Ana@Example.org"), DigestFrequency.Weekly, alert);

        var first = await imports.AddConsentedAsync(line, Now, maxAlerts: 2);
        var again = await imports.AddConsentedAsync(line, Now, maxAlerts: 2);
        var untopped = await imports.HasAlertAsync("ana@example.org", alert with { TopN = null });
        var second = await imports.AddConsentedAsync(line with { Alert = alert with { Query = "agents", TopN = null } }, Now, maxAlerts: 2);
        var third = await imports.AddConsentedAsync(line with { Alert = alert with { Query = "robots" } }, Now, maxAlerts: 2);

        Assert.Equal(ImportLineOutcome.Imported, first.Outcome);
        Assert.Equal(ImportLineOutcome.Unchanged, again.Outcome);
        Assert.True(await imports.HasAlertAsync("ana@example.org", alert));
        Assert.False(untopped);
        Assert.Equal(ImportLineOutcome.Imported, second.Outcome);
        Assert.Equal(ImportLineOutcome.Refused, third.Outcome);
        await using var connection = await _world.OpenAsync();
        Assert.Equal(("Ana@Example.org", "active", "weekly"),
            await connection.QuerySingleAsync<(string, string, string)>("SELECT email, state, frequency FROM subscribers"));
        Assert.Equal(["agents:", "diffusion:3"], (await connection.QueryAsync<string>(
            "SELECT query || ':' || COALESCE(CAST(top_n AS TEXT), '') FROM alerts WHERE state = 'active' ORDER BY query")).ToList());

        var gone = await _world.AddSubscriberAsync("bo@example.org", state: "unsubscribed");
        var pending = await _world.AddSubscriberAsync("cy@example.org", state: "pending");
        var refused = await imports.AddConsentedAsync(new ImportRow(3, Email("bo@example.org"), DigestFrequency.Daily, null), Now, 2);
        var confirmed = await imports.AddConsentedAsync(new ImportRow(4, Email("cy@example.org"), DigestFrequency.Daily, null), Now, 2);
        Assert.Equal(ImportLineOutcome.Refused, refused.Outcome);
        Assert.Equal(ImportLineOutcome.Imported, confirmed.Outcome);
        Assert.Equal("unsubscribed", await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers WHERE id = @gone", new { gone }));
        Assert.Equal("active", await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers WHERE id = @pending", new { pending }));
    }

    [Fact]
    public async Task ImportsAreRecordedAndListedNewestFirst()
    {
        var imports = _world.Store<IImportStore>();
        await imports.RecordAsync(new ImportRecord(0, "admin", Now, "old.csv", 10, 8, 2, 8, 0, false));
        await imports.RecordAsync(new ImportRecord(0, "root", Now.AddHours(1), "new.csv", 3, 3, 0, 0, 0, true));

        var recent = await imports.GetRecentAsync(5);

        Assert.Equal(
            [("root", Now.AddHours(1), "new.csv", 3, 3, 0, 0, 0, true), ("admin", Now, "old.csv", 10, 8, 2, 8, 0, false)],
            recent.Select(r => (r.ImportedBy, r.ImportedAt, r.FileName, r.Rows, r.Imported, r.Rejected, r.ConfirmationsSent,
                r.ConfirmationsDeferred, r.AlreadyConsented)).ToList());
        Assert.Single(await imports.GetRecentAsync(1));
    }

    [Fact]
    public async Task TheFormsTimeZoneIsKeptUntilTheSubscriberIsActiveAndExportsCarryTopN()
    {
        var subscriptions = _world.Subscriptions;
        var zones = _world.Store<ISubscriberTimeZoneStore>();
        var email = Email("ana@example.org");
        await subscriptions.RequestConfirmationAsync(new SubscriptionRequest(email, null, DigestFrequency.Daily, null, TopN: 4, TimeZone: "Asia/Tokyo"), "hash-1", Now, 3);
        // Asking again before confirming: the form's newer zone wins.
        await subscriptions.RequestConfirmationAsync(new SubscriptionRequest(email, null, DigestFrequency.Daily, null, TopN: 4, TimeZone: "Europe/Berlin"), "hash-2", Now, 3);
        Assert.Empty(await zones.GetZonesOfActiveSubscribersAsync());
        await subscriptions.ConfirmAsync("hash-2", Now);
        // Active now: the public form no longer moves the zone (the manage page does).
        await subscriptions.RequestConfirmationAsync(new SubscriptionRequest(email, null, DigestFrequency.Daily, null, TopN: 4, TimeZone: "America/Chicago"), "hash-3", Now, 3);

        await using var connection = await _world.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM subscribers");
        Assert.Equal("Europe/Berlin", await zones.GetAsync(id));
        Assert.Equal(["Europe/Berlin"], await zones.GetZonesOfActiveSubscribersAsync());
        Assert.Contains(4, (await _world.Store<IPortabilityStore>().GetExportRowsAsync()).Select(r => r.TopN));

        await zones.SetAsync(id, null);
        await _world.AddSubscriberAsync("bo@example.org");
        Assert.Null(await zones.GetAsync(id));
        Assert.Equal([null], await zones.GetZonesOfActiveSubscribersAsync());
    }

    [Fact]
    public async Task TheChartsCountEachUtcDay()
    {
        // Day one: 2026-11-28, day two: 2026-11-29 (UTC); one second before midnight still counts for day one.
        var dayOne = new DateTimeOffset(2026, 11, 28, 23, 59, 59, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var dayTwo = new DateTimeOffset(2026, 11, 29, 0, 0, 1, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var before = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var ana = await _world.AddSubscriberAsync("ana@example.org");
        var bo = await _world.AddSubscriberAsync("bo@example.org");
        var alert = await _world.AddAlertAsync(ana, "diffusion");
        await using (var connection = await _world.OpenAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO source_runs (source, kind, started_at, new) VALUES ('hf', 'daily', @dayOne, 5), ('hf', 'daily', @dayTwo, 2),
                    ('arxiv', 'daily', @dayTwo, 0), ('hf', 'daily', @before, 9)
                """, new { dayOne, dayTwo, before });
            await connection.ExecuteAsync("""
                INSERT INTO papers (id, title, first_seen_at, changed_at, change_seq) VALUES ('p1', 'One', 0, 0, 1), ('p2', 'Two', 0, 0, 2)
                """);
            await connection.ExecuteAsync("""
                INSERT INTO matches (alert_id, paper_id, subscriber_id, matched_at, relevance, score, hits)
                VALUES (@alert, 'p1', @ana, @dayOne, 1, 1, '[]'), (@alert, 'p2', @ana, @dayOne, 1, 1, '[]')
                """, new { alert, ana, dayOne });
            await connection.ExecuteAsync("""
                INSERT INTO digests (subscriber_id, period, state, created_at, sent_at, claimed_at)
                VALUES (@ana, 'a', 'sent', @created, @dayTwo, NULL), (@bo, 'b', 'failed', @created, NULL, @dayOne),
                       (@bo, 'c', 'pending', @dayOne, NULL, NULL)
                """, new { ana, bo, dayTwo, dayOne, created = dayTwo - 90 * 60_000 });
            await connection.ExecuteAsync("UPDATE subscribers SET confirmed_at = @dayOne", new { dayOne });
            await connection.ExecuteAsync("UPDATE subscribers SET state = 'unsubscribed', state_changed_at = @dayTwo WHERE id = @bo", new { dayTwo, bo });
        }
        var history = _world.Store<IOperationsHistoryStore>();
        var from = new DateOnly(2026, 11, 25);
        DateOnly one = new(2026, 11, 28), two = new(2026, 11, 29);

        Assert.Equal([new DailyValue("hf", one, 5), new DailyValue("hf", two, 2)],
            (await history.PapersPerDayAsync(from)).OrderBy(v => v.Day).ToList());
        Assert.Equal([new DailyValue("matches", one, 2)], await history.MatchesPerDayAsync(from));
        Assert.Equal([new DailyValue("failed", one, 1), new DailyValue("sent", two, 1)],
            (await history.DigestsPerDayAsync(from)).OrderBy(v => v.Day).ToList());
        Assert.Equal([new DailyValue("minutes", two, 90)], await history.DeliveryMinutesPerDayAsync(from));
        Assert.Equal([new DailyValue("confirmed", one, 2), new DailyValue("confirmed", two, 1)],
            await history.ConfirmedSubscribersAsync(one, two));
    }
}

public sealed class SqliteOperationsStoreContractTests : OperationsStoreContractTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => SqliteWorld.CreateAsync();
}

[Collection(nameof(PostgresCollection))]
public sealed class PostgresOperationsStoreContractTests(PostgresCluster cluster) : OperationsStoreContractTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => PostgresWorld.CreateAsync(cluster);
}
