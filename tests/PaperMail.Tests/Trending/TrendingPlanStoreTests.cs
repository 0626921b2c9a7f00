using Dapper;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Scheduling;
using PaperMail.Core.Subscriptions;
using PaperMail.Core.Trending;
using PaperMail.Store.Shared;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Trending;

/// <summary>How the outbox takes top alerts' picks, against each provider (the derived classes below).</summary>
public abstract class TrendingPlanStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private StoreWorld _world = null!;
    private IDigestStore _digests = null!;
    private long _ana;
    private long _query;
    private long _top;

    public async Task InitializeAsync()
    {
        _world = await CreateWorldAsync();
        _digests = _world.Digests;
        await _world.Papers.UpsertAsync("test", [
            new IncomingPaper { Id = "2601.00001", Title = "LLMs with long context", Upvotes = 50 },
            new IncomingPaper { Id = "2601.00002", Title = "Another paper", Upvotes = 20 },
        ], Now);
        _ana = await _world.AddSubscriberAsync("ana@example.org");
        _query = await _world.AddAlertAsync(_ana, "LLM");
        _top = await _world.Subscriptions.AddActiveAlertAsync(_ana, "", null, Now, CancellationToken.None, topN: 10);
    }

    protected abstract Task<StoreWorld> CreateWorldAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private PlannedPick Pick(string paper, int rank, int upvotes) => new(_top, _ana, paper, rank, upvotes);

    private async Task<IReadOnlyList<(string Paper, TrendingReason? Trend)>> ItemsAsync(long digest) =>
        [.. (await _digests.GetItemsAsync(digest)).Select(i => (i.Paper.Id, i.Trend)).OrderBy(i => i.Id)];

    [Fact]
    public async Task APickOnItsWayInAnUnsentDigestOfAQueryAlertIsNotPlannedAgain()
    {
        await _world.Matches.SaveAsync([new NewMatch(_query, _ana, "2601.00001", 1, 1, [new TermHit("LLM", MatchFields.Title)])], Now, null, []);
        Assert.Equal(1, await _digests.PlanAsync("2026-11-30", null, Now));

        var planned = await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1), [Pick("2601.00001", 1, 50), Pick("2601.00002", 2, 20)]);

        Assert.Equal(1, planned);
        Assert.Equal([("2601.00002", new TrendingReason(2, 20, false))], await ItemsAsync(2));
    }

    [Fact]
    public async Task PlanningGoesASliceOfSubscribersAtATimeAndReachesEveryOneWithTheirOwnPicks()
    {
        var readers = new List<long>();
        var matches = new List<NewMatch>();
        for (var i = 0; i < DigestStore.SliceSize * 2 + 10; i++)
        {
            var reader = await _world.AddSubscriberAsync($"reader{i}@example.org");
            matches.Add(new NewMatch(await _world.AddAlertAsync(reader, "LLM"), reader, "2601.00001", 1, 1, [new TermHit("LLM", MatchFields.Title)]));
            readers.Add(reader);
        }
        await _world.Matches.SaveAsync(matches, Now, null, []);
        var lastTop = await _world.Subscriptions.AddActiveAlertAsync(readers[^1], "", null, Now, CancellationToken.None, topN: 10);
        var due = new DuePeriods(null, "2026-11-30", null) { Everyone = true };
        PlannedPick[] picks = [new(lastTop, readers[^1], "2601.00002", 1, 20)];

        // The first slice: Ana (no match, so no digest) and the first readers, as many as a slice holds.
        var first = await _digests.PlanSliceAsync(due, Now, picks, 0);
        var rest = await _digests.PlanAsync(due, Now, picks);

        Assert.Equal(new PlannedSlice(DigestStore.SliceSize - 1, readers[DigestStore.SliceSize - 2]), first);
        Assert.Equal(readers.Count - first.Created, rest);
        await using var connection = await _world.OpenAsync();
        Assert.Equal(readers.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT subscriber_id) FROM digests"));
        var last = await connection.ExecuteScalarAsync<long>("SELECT id FROM digests WHERE subscriber_id = @reader", new { reader = readers[^1] });
        Assert.Equal([("2601.00001", null), ("2601.00002", new TrendingReason(1, 20, false))], await ItemsAsync(last));
    }

    [Fact]
    public async Task PicksAloneMakeADigestAndTheyAreRecordedAsMailedWhenItIsSent()
    {
        Assert.Equal(1, await _digests.PlanAsync("2026-11-30", null, Now, [Pick("2601.00002", 1, 20)]));
        await _digests.MarkSentAsync([(1, "<m1@example.org>")], Now);

        var again = await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1), [Pick("2601.00002", 1, 25)]);

        Assert.Equal([("2601.00002", new TrendingReason(1, 20, false))], await ItemsAsync(1));
        Assert.Equal(0, again);
        await using var connection = await _world.OpenAsync();
        Assert.Equal(["2601.00002"], await connection.QueryAsync<string>("SELECT paper_id FROM mailed_papers"));
    }

    [Fact]
    public async Task APausedTopAlertsPicksAreIgnoredAndItsFilterIsNeverMatched()
    {
        await _world.Subscriptions.SetPausedAsync(_ana, _top, true, Now);

        Assert.Equal(0, await _digests.PlanAsync("2026-11-30", null, Now, [Pick("2601.00001", 1, 50)]));
        Assert.DoesNotContain(await _world.Matches.GetActiveAlertsAsync(), a => a.Id == _top);
    }

    [Fact]
    public async Task OnlyTheTopAlertsOfSubscribersWithoutTheDueDigestAreDue()
    {
        var store = _world.Store<ITrendingStore>();
        var bob = await _world.AddSubscriberAsync("bob@example.org", frequency: "weekly");
        var bobsTop = await _world.Subscriptions.AddActiveAlertAsync(bob, "multilingual", 5, Now, CancellationToken.None, topN: 5);

        var dailyOnly = await store.GetDueTopAlertsAsync("2026-11-30", null);
        var both = await store.GetDueTopAlertsAsync("2026-11-30", "2026-W49");
        await _digests.PlanAsync("2026-11-30", null, Now, [Pick("2601.00001", 1, 50)]);
        var afterPlanning = await store.GetDueTopAlertsAsync("2026-11-30", "2026-W49");

        Assert.Equal([new DueTopAlert(_top, _ana, false, "", null, 10)], dailyOnly);
        Assert.Equal([_top, bobsTop], both.Select(a => a.Id));
        Assert.Equal([new DueTopAlert(bobsTop, bob, true, "multilingual", 5, 5)], afterPlanning);
    }
}

public sealed class SqliteTrendingPlanStoreTests : TrendingPlanStoreTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => SqliteWorld.CreateAsync();
}

[Collection(nameof(PostgresCollection))]
public sealed class PostgresTrendingPlanStoreTests(PostgresCluster cluster) : TrendingPlanStoreTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => PostgresWorld.CreateAsync(cluster);
}
