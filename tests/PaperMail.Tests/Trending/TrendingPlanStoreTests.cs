using Dapper;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Subscriptions;
using PaperMail.Core.Trending;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Trending;

/// <summary>How the outbox takes top alerts' picks, against a real database.</summary>
public sealed class TrendingPlanStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private TestDatabase _db = null!;
    private SqliteDigestStore _digests = null!;
    private long _ana;
    private long _query;
    private long _top;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _digests = new SqliteDigestStore(_db.Database);
        await new SqlitePaperStore(_db.Database).UpsertAsync("test", [
            new IncomingPaper { Id = "2601.00001", Title = "LLMs with long context", Upvotes = 50 },
            new IncomingPaper { Id = "2601.00002", Title = "Another paper", Upvotes = 20 },
        ], Now);
        _ana = await SubscriptionRows.AddSubscriberAsync(_db.Database, "ana@example.org");
        _query = await SubscriptionRows.AddAlertAsync(_db.Database, _ana, "LLM");
        _top = await new SqliteSubscriptionStore(_db.Database).AddActiveAlertAsync(_ana, "", null, Now, CancellationToken.None, topN: 10);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private PlannedPick Pick(string paper, int rank, int upvotes) => new(_top, _ana, paper, rank, upvotes);

    private async Task<IReadOnlyList<(string Paper, TrendingReason? Trend)>> ItemsAsync(long digest) =>
        [.. (await _digests.GetItemsAsync(digest)).Select(i => (i.Paper.Id, i.Trend)).OrderBy(i => i.Id)];

    [Fact]
    public async Task APickOnItsWayInAnUnsentDigestOfAQueryAlertIsNotPlannedAgain()
    {
        await new SqliteMatchStore(_db.Database).SaveAsync([new NewMatch(_query, _ana, "2601.00001", 1, 1, [new TermHit("LLM", MatchFields.Title)])], Now, null, []);
        Assert.Equal(1, await _digests.PlanAsync("2026-11-30", null, Now));

        var planned = await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1), [Pick("2601.00001", 1, 50), Pick("2601.00002", 2, 20)]);

        Assert.Equal(1, planned);
        Assert.Equal([("2601.00002", new TrendingReason(2, 20, false))], await ItemsAsync(2));
    }

    [Fact]
    public async Task PicksAloneMakeADigestAndTheyAreRecordedAsMailedWhenItIsSent()
    {
        Assert.Equal(1, await _digests.PlanAsync("2026-11-30", null, Now, [Pick("2601.00002", 1, 20)]));
        await _digests.MarkSentAsync([(1, "<m1@example.org>")], Now);

        var again = await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1), [Pick("2601.00002", 1, 25)]);

        Assert.Equal([("2601.00002", new TrendingReason(1, 20, false))], await ItemsAsync(1));
        Assert.Equal(0, again);
        await using var connection = await _db.Database.OpenAsync();
        Assert.Equal(["2601.00002"], await connection.QueryAsync<string>("SELECT paper_id FROM mailed_papers"));
    }

    [Fact]
    public async Task APausedTopAlertsPicksAreIgnoredAndItsFilterIsNeverMatched()
    {
        await new SqliteSubscriptionStore(_db.Database).SetPausedAsync(_ana, _top, true, Now);

        Assert.Equal(0, await _digests.PlanAsync("2026-11-30", null, Now, [Pick("2601.00001", 1, 50)]));
        Assert.DoesNotContain(await new SqliteMatchStore(_db.Database).GetActiveAlertsAsync(), a => a.Id == _top);
    }

    [Fact]
    public async Task OnlyTheTopAlertsOfSubscribersWithoutTheDueDigestAreDue()
    {
        var store = new SqliteTrendingStore(_db.Database);
        var bob = await SubscriptionRows.AddSubscriberAsync(_db.Database, "bob@example.org", frequency: "weekly");
        var bobsTop = await new SqliteSubscriptionStore(_db.Database).AddActiveAlertAsync(bob, "multilingual", 5, Now, CancellationToken.None, topN: 5);

        var dailyOnly = await store.GetDueTopAlertsAsync("2026-11-30", null);
        var both = await store.GetDueTopAlertsAsync("2026-11-30", "2026-W49");
        await _digests.PlanAsync("2026-11-30", null, Now, [Pick("2601.00001", 1, 50)]);
        var afterPlanning = await store.GetDueTopAlertsAsync("2026-11-30", "2026-W49");

        Assert.Equal([new DueTopAlert(_top, _ana, false, "", null, 10)], dailyOnly);
        Assert.Equal([_top, bobsTop], both.Select(a => a.Id));
        Assert.Equal([new DueTopAlert(bobsTop, bob, true, "multilingual", 5, 5)], afterPlanning);
    }
}
