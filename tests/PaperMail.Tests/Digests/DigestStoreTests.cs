using Dapper;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>The outbox contract, run against each provider (the derived classes below).</summary>
public abstract class DigestStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private StoreWorld _world = null!;
    private IDigestStore _digests = null!;
    private IMatchStore _matches = null!;
    private long _ana;
    private long _llm;
    private long _context;

    public async Task InitializeAsync()
    {
        _world = await CreateWorldAsync();
        _digests = _world.Digests;
        _matches = _world.Matches;
        await _world.Papers.UpsertAsync("test", [
            new IncomingPaper { Id = "2601.00001", Title = "LLMs with long context", Upvotes = 5 },
            new IncomingPaper { Id = "2601.00002", Title = "Another LLM paper", Upvotes = 50 },
        ], Now);
        _ana = await _world.AddSubscriberAsync("ana@example.org");
        _llm = await _world.AddAlertAsync(_ana, "LLM");
        _context = await _world.AddAlertAsync(_ana, "\"long context\"");
    }

    protected abstract Task<StoreWorld> CreateWorldAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<(long Subscriber, long Alert)> AddReaderAsync(string email)
    {
        var subscriber = await _world.AddSubscriberAsync(email);
        return (subscriber, await _world.AddAlertAsync(subscriber, "LLM"));
    }

    private Task MatchAsync(long alert, string paper) => _matches.SaveAsync(
        [new NewMatch(alert, _ana, paper, 1, 1, [new TermHit("LLM", MatchFields.Title)])], Now, null, []);

    [Fact]
    public async Task PlanningTwiceMakesOneDigestPerSubscriberAndPeriod()
    {
        await MatchAsync(_llm, "2601.00001");

        Assert.Equal(1, await _digests.PlanAsync("2026-11-30", null, Now));
        Assert.Equal(0, await _digests.PlanAsync("2026-11-30", null, Now));
        var claimed = Assert.Single(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10));
        Assert.Equal(("ana@example.org", "2026-11-30", DigestState.Sending, 1), (claimed.Email, claimed.Period, claimed.State, claimed.Attempts));
    }

    [Fact]
    public async Task AMatchOlderThanTheWindowIsNeverPlanned()
    {
        var old = DigestSchedule.MatchesExpireAfter + TimeSpan.FromDays(1);
        await _matches.SaveAsync([new NewMatch(_llm, _ana, "2601.00001", 1, 1, [])], Now - old, null, []);
        Assert.Equal(0, await _digests.PlanAsync("2026-11-30", null, Now));

        await _matches.SaveAsync([new NewMatch(_context, _ana, "2601.00002", 1, 1, [])], Now - DigestSchedule.MatchesExpireAfter + TimeSpan.FromHours(1), null, []);
        Assert.Equal(1, await _digests.PlanAsync("2026-11-30", null, Now));
        var digest = Assert.Single(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10));
        Assert.Equal(["2601.00002"], (await _digests.GetItemsAsync(digest.Id)).Select(i => i.Paper.Id));
    }

    [Fact]
    public async Task NothingMatchedMeansNoDigest()
    {
        Assert.Equal(0, await _digests.PlanAsync("2026-11-30", "2026-W49", Now));
    }

    [Fact]
    public async Task APaperMatchedByTwoAlertsIsOneItemPairAndIsNeverMailedTwice()
    {
        await MatchAsync(_llm, "2601.00001");
        await MatchAsync(_context, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        var digest = Assert.Single(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10));
        var items = await _digests.GetItemsAsync(digest.Id);
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("2601.00001", i.Paper.Id));

        await _digests.MarkSentAsync([(digest.Id, "<m1@example.org>")], Now);
        // A third alert matching the same paper later does not bring it back in tomorrow's digest.
        var third = await _world.AddAlertAsync(_ana, "context");
        await MatchAsync(third, "2601.00001");

        Assert.Equal(0, await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1)));
        Assert.Equal(DigestState.Sent, (await _digests.GetAsync(digest.Id))!.State);
    }

    [Fact]
    public async Task ABatchReadGivesEachDigestItsItemsAndReadsASharedPaperOnce()
    {
        var bo = await _world.AddSubscriberAsync("bo@example.org");
        var boAlert = await _world.AddAlertAsync(bo, "LLM");
        await MatchAsync(_llm, "2601.00001");
        await MatchAsync(_context, "2601.00002");
        await _matches.SaveAsync([new NewMatch(boAlert, bo, "2601.00001", 1, 1, [new TermHit("LLM", MatchFields.Title)])], Now, null, []);
        await _digests.PlanAsync("2026-11-30", null, Now);
        var claimed = await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10);
        var anaDigest = claimed.Single(d => d.SubscriberId == _ana).Id;
        var boDigest = claimed.Single(d => d.SubscriberId == bo).Id;

        var items = await _digests.GetItemsAsync([anaDigest, boDigest, 999]);

        Assert.Equal(["2601.00001", "2601.00002"], items[anaDigest].Select(i => i.Paper.Id).Order());
        Assert.Equal([boAlert], items[boDigest].Select(i => i.AlertId));
        Assert.Same(items[anaDigest].Single(i => i.Paper.Id == "2601.00001").Paper, items[boDigest][0].Paper);
        Assert.Equal([new TermHit("LLM", MatchFields.Title)], items[boDigest][0].Hits);
        Assert.False(items.ContainsKey(999));
    }

    [Fact]
    public async Task MarkingSeveralDigestsSentInOneWriteRecordsEachOnesPapersAsMailedToItsAddress()
    {
        var bo = await _world.AddSubscriberAsync("bo@example.org");
        var boAlert = await _world.AddAlertAsync(bo, "LLM");
        await MatchAsync(_llm, "2601.00001");
        await _matches.SaveAsync([new NewMatch(boAlert, bo, "2601.00002", 1, 1, [new TermHit("LLM", MatchFields.Title)])], Now, null, []);
        await _digests.PlanAsync("2026-11-30", null, Now);
        var claimed = await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10);

        await _digests.MarkSentAsync([.. claimed.Select(d => (d.Id, $"<m{d.Id}@example.org>"))], Now);

        await using var connection = await _world.OpenAsync();
        var mailed = (await connection.QueryAsync<(long SubscriberId, string PaperId, long DigestId)>(
            "SELECT subscriber_id, paper_id, digest_id FROM mailed_papers ORDER BY subscriber_id")).ToList();
        Assert.Equal([(_ana, "2601.00001", claimed.Single(d => d.SubscriberId == _ana).Id), (bo, "2601.00002", claimed.Single(d => d.SubscriberId == bo).Id)], mailed);
        foreach (var digest in claimed) Assert.Equal(DigestState.Sent, (await _digests.GetAsync(digest.Id))!.State);
    }

    [Fact]
    public async Task ManyMatchesAndOutcomesSavedAtOnceAreEachRecordedOnce()
    {
        // 150 subscribers, two matches each, saved in one call and marked sent in one call.
        var matches = new List<NewMatch>();
        for (var i = 0; i < 150; i++)
        {
            var (subscriber, alert) = await AddReaderAsync($"reader{i}@example.org");
            matches.Add(new NewMatch(alert, subscriber, "2601.00001", 1, 1, [new TermHit("LLM", MatchFields.Title)]));
            matches.Add(new NewMatch(alert, subscriber, "2601.00002", 0.5, 2, []));
        }

        Assert.Equal(300, await _matches.SaveAsync(matches, Now, null, []));
        Assert.Equal(0, await _matches.SaveAsync(matches, Now, null, []));
        Assert.Equal(150, await _digests.PlanAsync("2026-11-30", null, Now));
        var claimed = await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 200, "node-a#1");
        Assert.Equal(150, claimed.Count);
        Assert.Equal(300, (await _digests.GetItemsAsync([.. claimed.Select(d => d.Id)])).Values.Sum(items => items.Count));

        await _digests.MarkSentAsync([.. claimed.Select(d => (d.Id, $"<m{d.Id}@example.org>"))], Now, default, "node-a#1");

        await using var connection = await _world.OpenAsync();
        Assert.Equal(300, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mailed_papers"));
        Assert.Equal(150, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digests WHERE state = 'sent' AND message_id = '<m' || id || '@example.org>'"));
    }

    [Fact]
    public async Task APaperOnItsWayThroughOneAlertIsNotPlannedAgainThroughAnother()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        // The first digest is still being retried when the next day's is planned; another alert matched the same paper.
        await MatchAsync(_context, "2601.00001");

        Assert.Equal(0, await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1)));
    }

    [Fact]
    public async Task AMatchCoveredByAnUnsentDigestIsNotPlannedAgain()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        await MatchAsync(_llm, "2601.00002");

        await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1));

        await using var connection = await _world.OpenAsync();
        var items = (await connection.QueryAsync<(string Period, string PaperId)>(
            "SELECT d.period, di.paper_id FROM digest_items di JOIN digests d ON d.id = di.digest_id ORDER BY d.period")).ToList();
        Assert.Equal([("2026-11-30", "2601.00001"), ("2026-12-01", "2601.00002")], items);
    }

    [Fact]
    public async Task ADigestLeftSendingByADeadProcessIsClaimedAgainOnlyWhenStale()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        Assert.Single(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10));

        Assert.Empty(await _digests.ClaimAsync(Now.AddMinutes(1), Now.AddMinutes(-9), 10));
        var again = Assert.Single(await _digests.ClaimAsync(Now.AddMinutes(11), Now.AddMinutes(1), 10));
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task TransientFailuresRetryUntilTheAttemptsAreUsedUp()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        var t = Now;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var claimed = Assert.Single(await _digests.ClaimAsync(t, t.AddMinutes(-10), 10));
            await _digests.MarkRetryOrFailedAsync(claimed.Id, "451 try later", t.AddMinutes(5), maxAttempts: 3);
            Assert.Empty(await _digests.ClaimAsync(t.AddMinutes(4), t.AddMinutes(-10), 10)); // not before its retry time
            t = t.AddMinutes(5);
        }

        var record = (await _digests.ClaimAsync(t, t.AddMinutes(-10), 10)).SingleOrDefault();
        Assert.Null(record);
        Assert.Equal(DigestState.Failed, (await _digests.GetAsync(1))!.State);
        Assert.Equal("451 try later", (await _digests.GetAsync(1))!.LastError);
    }

    [Fact]
    public async Task ARejectedAddressSuppressesTheDigestAndTheSubscriber()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        var claimed = Assert.Single(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10));

        await _digests.MarkSuppressedAsync(claimed.Id, "550 5.1.1 no such user", Now);
        await MatchAsync(_llm, "2601.00002");

        Assert.Equal(DigestState.Suppressed, (await _digests.GetAsync(claimed.Id))!.State);
        Assert.Equal(0, await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1)));
        await using var connection = await _world.OpenAsync();
        Assert.Equal("suppressed", await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers WHERE id = @_ana", new { _ana }));
    }

    [Fact]
    public async Task APlannedDigestOfSomeoneWhoUnsubscribedIsNeverSent()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        await using (var connection = await _world.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE subscribers SET state = 'unsubscribed' WHERE id = @_ana", new { _ana });
        }

        Assert.Empty(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10));
        Assert.Equal(DigestState.Suppressed, (await _digests.GetAsync(1))!.State);
    }

    [Fact]
    public async Task ASlowNodeWhoseClaimWentStaleCannotFlipADigestAnotherNodeSent()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        var slow = Assert.Single(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10, "node-a#1"));
        // Node A stalls past the claim timeout; node B takes the digest over and sends it.
        var later = Now.AddMinutes(11);
        var taken = Assert.Single(await _digests.ClaimAsync(later, later.AddMinutes(-10), 10, "node-b#1"));
        Assert.Equal(slow.Id, taken.Id);
        await _digests.MarkSentAsync([(taken.Id, "<b@example.org>")], later, default, "node-b#1");

        // A wakes up and records what its stale claim ended in: none of it may change the sent digest.
        await _digests.MarkRetryOrFailedAsync(slow.Id, "451 try later", later.AddMinutes(5), maxAttempts: 3, default, "node-a#1");
        await _digests.ReleaseAsync(slow.Id, "stopped", default, "node-a#1");
        await _digests.MarkSuppressedAsync(slow.Id, "550 5.1.1 no such user", later, default, "node-a#1");
        await _digests.MarkSentAsync([(slow.Id, "<a@example.org>")], later, default, "node-a#1");

        var record = (await _digests.GetAsync(slow.Id))!;
        Assert.Equal((DigestState.Sent, (string?)null), (record.State, record.LastError));
        await using var connection = await _world.OpenAsync();
        Assert.Equal("<b@example.org>", await connection.ExecuteScalarAsync<string>("SELECT message_id FROM digests WHERE id = @id", new { id = slow.Id }));
        Assert.Equal("active", await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers WHERE id = @_ana", new { _ana }));
        Assert.Empty(await _digests.ClaimAsync(later.AddMinutes(30), later.AddMinutes(20), 10, "node-a#1"));
    }

    [Fact]
    public async Task ASlowNodeCannotMarkSentADigestAnotherNodeIsStillSending()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        var slow = Assert.Single(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10, "node-a#1"));
        var later = Now.AddMinutes(11);
        Assert.Single(await _digests.ClaimAsync(later, later.AddMinutes(-10), 10, "node-b#1"));

        await _digests.MarkSentAsync([(slow.Id, "<a@example.org>")], later, default, "node-a#1");

        Assert.Equal(DigestState.Sending, (await _digests.GetAsync(slow.Id))!.State);
        await using var connection = await _world.OpenAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mailed_papers"));
        Assert.Equal("node-b#1", await connection.ExecuteScalarAsync<string>("SELECT claimed_by FROM digests WHERE id = @id", new { id = slow.Id }));
    }

    [Fact]
    public async Task TwoNodesClaimingAtOnceNeverClaimTheSameDigest()
    {
        var ids = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            var (subscriber, alert) = await AddReaderAsync($"s{i}@example.org");
            await _matches.SaveAsync([new NewMatch(alert, subscriber, "2601.00001", 1, 1, [])], Now, null, []);
        }
        Assert.Equal(60, await _digests.PlanAsync("2026-11-30", null, Now));

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(n => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (true)
            {
                var batch = await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 7, $"node-{n}#1");
                if (batch.Count == 0) return mine;
                mine.AddRange(batch.Select(d => d.Id));
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }

    [Fact]
    public async Task EditingAnAlertDropsOnlyItsUnmailedMatchesSoAMailedPaperNeverComesBack()
    {
        await MatchAsync(_llm, "2601.00001");
        await _digests.PlanAsync("2026-11-30", null, Now);
        var digest = Assert.Single(await _digests.ClaimAsync(Now, Now.AddMinutes(-10), 10));
        await _digests.MarkSentAsync([(digest.Id, "<m@example.org>")], Now);
        await MatchAsync(_llm, "2601.00002"); // matched, not mailed yet

        var edited = await _world.Subscriptions.UpdateAlertAsync(_ana, _llm, "LLM paper", null, Now.AddHours(1));

        Assert.True(edited);
        Assert.Equal(["2601.00001"], (await _matches.GetMatchesForAlertAsync(_llm)).Select(m => m.PaperId));
        // The back-fill of the edited alert finds 2601.00001 again: it must not be planned a second time.
        await MatchAsync(_llm, "2601.00001");
        await MatchAsync(_context, "2601.00001");
        Assert.Equal(0, await _digests.PlanAsync("2026-12-01", null, Now.AddDays(1)));
    }
}

public sealed class SqliteDigestStoreTests : DigestStoreTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => SqliteWorld.CreateAsync();
}

[Collection(nameof(PostgresCollection))]
public sealed class PostgresDigestStoreTests(PostgresCluster cluster) : DigestStoreTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => PostgresWorld.CreateAsync(cluster);
}
