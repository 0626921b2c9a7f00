using Dapper;
using PaperMail.Core.Papers;
using PaperMail.Core.Admin;
using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;
using PaperMail.Core.Housekeeping;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Operations;
using PaperMail.Core.Portability;
using PaperMail.Core.Subscriptions;
using PaperMail.Core.Trending;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.StoreContract;

/// <summary>
/// The stores the digest and paper contracts do not cover, each through the statements that differ most between SQLite
/// and PostgreSQL (counts of conditions, upserts that keep a maximum, temporary tables, case-insensitive lookups,
/// typed nulls, NULL ordering, the day a paper counts for). Same tests, one derived class per provider.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private StoreWorld _world = null!;

    protected abstract Task<StoreWorld> CreateWorldAsync();

    public async Task InitializeAsync() => _world = await CreateWorldAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task ASubscriptionIsRequestedConfirmedCountedExportedFoundAndErased()
    {
        var subscriptions = _world.Subscriptions;
        var links = (ISubscriptionLinkStore)subscriptions;
        var email = EmailAddress.TryParse("Ana@Example.org", out _)!;
        var pending = await subscriptions.RequestConfirmationAsync(new SubscriptionRequest(email, null, DigestFrequency.Weekly, null, TopN: 5), "hash-1", Now, 3);
        Assert.NotNull(pending);
        Assert.Equal((0, 1), await links.CountAlertsAsync(email.Key));

        var confirmed = await subscriptions.ConfirmAsync("hash-1", Now.AddMinutes(1));
        var again = await subscriptions.ConfirmAsync("hash-1", Now.AddMinutes(2));

        Assert.Equal((false, true), (confirmed!.AlreadyConfirmed, again!.AlreadyConfirmed));
        Assert.Equal((1, 0), await links.CountAlertsAsync(email.Key));
        Assert.Equal(1L, await links.CountEmailsSinceAsync("confirm", Now.AddHours(-1)));
        Assert.Equal(new SubscriberCounts(0, 1, 0, 0), await _world.Store<IOverviewStore>().CountSubscribersAsync());
        Assert.Equal(new AlertCounts(1, 0), await _world.Store<IOverviewStore>().CountAlertsAsync());
        var row = Assert.Single(await _world.Store<IPortabilityStore>().GetExportRowsAsync());
        Assert.Equal(("Ana@Example.org", "weekly", "active", false), (row.Email, row.Frequency, row.State, row.Paused));

        var admin = _world.Store<ISubscriberAdminStore>();
        var found = await admin.FindByEmailAsync("ANA@example.ORG");
        Assert.Equal("top 5", Assert.Single(found!.Alerts).Query);
        Assert.True(await admin.DeleteAsync(found.Id));
        Assert.Null(await admin.FindByEmailAsync("ana@example.org"));
    }

    [Fact]
    public async Task AHardBounceSuppressesAndLiftingAllByFilterRestoresTheAddress()
    {
        var ana = await _world.AddSubscriberAsync("ana@example.org");
        var bo = await _world.AddSubscriberAsync("bo@example.org");
        Assert.Equal(BounceRecorded.Suppressed, await _world.Bounces.RecordAsync(new BounceEvent(ana, BounceVerdict.Hard, "5.1.1", "no such user", "smtp", "e1", Now), SoftBouncePolicy.Default));
        Assert.Equal(BounceRecorded.Duplicate, await _world.Bounces.RecordAsync(new BounceEvent(ana, BounceVerdict.Hard, "5.1.1", "no such user", "smtp", "e1", Now), SoftBouncePolicy.Default));
        Assert.Equal(BounceRecorded.Suppressed, await _world.Bounces.RecordAsync(new BounceEvent(bo, BounceVerdict.Complaint, null, "abuse report", "webhook", "e2", Now.AddMinutes(1)), SoftBouncePolicy.Default));
        var suppressions = _world.Store<ISuppressionStore>();

        Assert.Equal(2, await suppressions.CountAsync(new SuppressionFilter()));
        Assert.Equal(["bo@example.org", "ana@example.org"], (await suppressions.ListAsync(new SuppressionFilter(), 10, 0)).Select(s => s.Email));
        Assert.Equal(1, await suppressions.LiftAllAsync(new SuppressionFilter(Reason: "hard"), Now.AddHours(1)));

        await using var connection = await _world.OpenAsync();
        Assert.Equal(["active", "suppressed"], await connection.QueryAsync<string>("SELECT state FROM subscribers ORDER BY id"));
    }

    [Fact]
    public async Task JobHistoryDeliveryProblemsAndSourceRunsKeepWhatTheyShould()
    {
        var history = _world.Store<IJobHistoryStore>();
        await history.RecordDigestRunAsync(Now);
        await history.RecordDigestRunAsync(Now.AddHours(-1)); // an older run finishing late does not go back
        Assert.Equal(Now, await history.GetLastSuccessAsync(WatchedJob.Digest));

        var status = _world.Store<IDeliveryStatusStore>();
        await status.ReportProblemAsync(DeliveryProblemKinds.RelayDown, "refused", Now);
        await status.ReportProblemAsync(DeliveryProblemKinds.RelayDown, "refused again", Now.AddMinutes(5));
        Assert.Equal(new DeliveryProblem(DeliveryProblemKinds.RelayDown, "refused again", Now, Now.AddMinutes(5)), await status.GetProblemAsync());
        await status.ClearProblemAsync();
        Assert.Null(await status.GetProblemAsync());

        var runs = _world.Store<ISourceRunStore>();
        var failed = await runs.StartAsync("hf", "hf-daily", Now);
        await runs.FinishAsync(new SourceRun { Id = failed, Source = "hf", Kind = "hf-daily", StartedAt = Now, FinishedAt = Now, Error = "HTTP 503" });
        var health = Assert.Single(await _world.Store<ISourceHealthStore>().GetFailuresAsync(Now.AddDays(-1)));
        Assert.Equal(("hf", 1, 1, 1, "HTTP 503"), (health.Source, health.RunsSince, health.FailedSince, health.FailedInARow, health.LastError));
        var digests = _world.Store<IOperationsCounts>().DigestsByState();
        Assert.Equal(["failed", "pending", "sending", "sent", "suppressed"], digests.Keys.Order(StringComparer.Ordinal));
        Assert.All(digests.Values, count => Assert.Equal(0L, count));
    }

    [Fact]
    public async Task TrendingReadsADaysPapersByUpvotesWithUnvotedOnesLast()
    {
        await _world.Papers.UpsertAsync("hf", [
            new IncomingPaper { Id = "a", Title = "A", Upvotes = 3, ListedOn = new DateOnly(2026, 11, 27) },
            new IncomingPaper { Id = "b", Title = "B", Upvotes = null, ListedOn = new DateOnly(2026, 11, 27) },
            new IncomingPaper { Id = "c", Title = "C", Upvotes = 9, ListedOn = new DateOnly(2026, 11, 27) },
            new IncomingPaper { Id = "d", Title = "D" },
        ], Now);
        var trending = _world.Store<ITrendingStore>();

        Assert.Equal(["c", "a", "b"], (await trending.GetListedAsync(new TrendingWindow(new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 27)))).Select(p => p.Id));
        // A paper without a listing day counts for the UTC day it was first seen.
        Assert.Equal(new DateOnly(2026, 11, 30), await trending.GetLatestDayAsync());
        Assert.Equal((new DateOnly(2026, 11, 27), (DateOnly?)null), await trending.GetNeighbourDaysAsync(new DateOnly(2026, 11, 30)));
    }

    [Fact]
    public async Task ALeaseHasOneHolderUntilItExpiresOrIsReleased()
    {
        var leases = _world.Store<ILeaseStore>();
        var ttl = TimeSpan.FromSeconds(30);

        Assert.Equal("a", (await leases.TryAcquireAsync("work", "a", Now, ttl)).Holder);
        Assert.Equal("a", (await leases.TryAcquireAsync("work", "b", Now.AddSeconds(10), ttl)).Holder);
        Assert.Equal(Now.AddSeconds(50), (await leases.TryAcquireAsync("work", "a", Now.AddSeconds(20), ttl)).ExpiresAt);
        Assert.Equal("b", (await leases.TryAcquireAsync("work", "b", Now.AddSeconds(51), ttl)).Holder);
        await leases.ReleaseAsync("work", "a"); // not the holder: changes nothing
        Assert.Equal("b", (await leases.TryAcquireAsync("work", "a", Now.AddSeconds(52), ttl)).Holder);
        await leases.ReleaseAsync("work", "b");
        Assert.Equal("a", (await leases.TryAcquireAsync("work", "a", Now.AddSeconds(53), ttl)).Holder);
    }

    [Fact]
    public async Task HousekeepingDeletesWhatIsPastItsCutoffs()
    {
        await _world.AddSubscriberAsync("gone@example.org", state: "unsubscribed");
        await _world.AddSubscriberAsync("ana@example.org");
        var report = await _world.Store<IHousekeepingStore>().DeleteExpiredAsync(new HousekeepingCutoffs(Now, Now, Now, Now, Now));

        await using var connection = await _world.OpenAsync();
        Assert.Equal(["ana@example.org"], await connection.QueryAsync<string>("SELECT email FROM subscribers"));
        Assert.NotNull(report);
    }

    [Fact]
    public async Task SavingMatchesMarksEachAlertBackfilledAtTheVersionEvaluatedButNeverMovesItBack()
    {
        var ana = await _world.AddSubscriberAsync("ana@example.org");
        var first = await _world.AddAlertAsync(ana, "LLM");
        var edited = await _world.AddAlertAsync(ana, "agents");
        var twice = await _world.AddAlertAsync(ana, "robots");
        await using var connection = await _world.OpenAsync();
        // Edited twice, and back-filled at version 2 by another run meanwhile.
        await connection.ExecuteAsync("UPDATE alerts SET version = 3, backfilled_version = 2 WHERE id = @edited", new { edited });
        await connection.ExecuteAsync("UPDATE alerts SET version = 3 WHERE id = @twice", new { twice });

        await _world.Matches.SaveAsync([], Now, null, [(first, 1), (edited, 1), (twice, 3), (twice, 2)]);

        Assert.Equal([1L, 2L, 3L], await connection.QueryAsync<long>("SELECT backfilled_version FROM alerts ORDER BY id"));
    }
}

public sealed class SqliteStoreContractTests : StoreContractTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => SqliteWorld.CreateAsync();
}

[Collection(nameof(PostgresCollection))]
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : StoreContractTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => PostgresWorld.CreateAsync(cluster);
}
