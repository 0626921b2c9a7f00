using Dapper;
using PaperMail.Core.Bounces;
using PaperMail.Core.Subscriptions;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Bounces;

/// <summary>What bounce reports do to an address, against a real database.</summary>
public sealed class SuppressionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private TestDatabase _db = null!;
    private BounceStore _bounces = null!;
    private SuppressionStore _suppressions = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _bounces = new BounceStore(_db.Database);
        _suppressions = new SuppressionStore(_db.Database);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private Task<BounceRecorded> RecordAsync(long subscriberId, BounceVerdict verdict, string key, DateTimeOffset at, string status = "5.1.1") =>
        _bounces.RecordAsync(new BounceEvent(subscriberId, verdict, status, "smtp; 550 no such user", "mailbox", key, at), SoftBouncePolicy.Default);

    private async Task<string> StateAsync(long id)
    {
        await using var connection = await _db.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers WHERE id = @id", new { id }) ?? "";
    }

    [Fact]
    public async Task AHardBounceSuppressesAtOnceWithReasonCodeTextTimeAndSource()
    {
        var id = await SubscriptionRows.AddSubscriberAsync(_db.Database, "gone@example.org");

        Assert.Equal(BounceRecorded.Suppressed, await RecordAsync(id, BounceVerdict.Hard, "m1", Now));

        var row = Assert.Single(await _suppressions.ListAsync(new SuppressionFilter(), 10, 0));
        Assert.Equal((id, "gone@example.org", "hard", "5.1.1", "smtp; 550 no such user", "mailbox", Now), (row.SubscriberId, row.Email, row.Reason, row.Status, row.Detail, row.Source, row.Since));
        Assert.Equal("suppressed", await StateAsync(id));
    }

    [Fact]
    public async Task SoftBouncesSuppressOnlyWhenThreeFallWithinThirtyDays()
    {
        var id = await SubscriptionRows.AddSubscriberAsync(_db.Database, "full@example.org");

        var first = await RecordAsync(id, BounceVerdict.Soft, "s1", Now, "5.2.2");
        var second = await RecordAsync(id, BounceVerdict.Soft, "s2", Now.AddDays(20), "5.2.2");
        // 31 days after the first: only two fall within the window.
        var third = await RecordAsync(id, BounceVerdict.Soft, "s3", Now.AddDays(31), "5.2.2");
        var stateAfterThird = await StateAsync(id);
        var fourth = await RecordAsync(id, BounceVerdict.Soft, "s4", Now.AddDays(32), "5.2.2");

        Assert.Equal([BounceRecorded.Counted, BounceRecorded.Counted, BounceRecorded.Counted, BounceRecorded.Suppressed], [first, second, third, fourth]);
        Assert.Equal("active", stateAfterThird);
        Assert.Equal("soft", Assert.Single(await _suppressions.ListAsync(new SuppressionFilter(), 10, 0)).Reason);
    }

    [Fact]
    public async Task TheSameReportRecordedTwiceCountsOnce()
    {
        var id = await SubscriptionRows.AddSubscriberAsync(_db.Database, "full@example.org");

        var outcomes = new List<BounceRecorded>();
        for (var i = 0; i < 3; i++) outcomes.Add(await RecordAsync(id, BounceVerdict.Soft, "the-same-bounce", Now, "5.2.2"));

        Assert.Equal([BounceRecorded.Counted, BounceRecorded.Duplicate, BounceRecorded.Duplicate], outcomes);
        Assert.Equal("active", await StateAsync(id));
    }

    [Fact]
    public async Task ABouncedAddressThatConfirmsAgainIsLiftedButAComplainerIsNot()
    {
        var subscriptions = new SubscriptionStore(_db.Database);
        var bounced = await SubscriptionRows.AddSubscriberAsync(_db.Database, "bounced@example.org");
        var complainer = await SubscriptionRows.AddSubscriberAsync(_db.Database, "angry@example.org");
        await RecordAsync(bounced, BounceVerdict.Hard, "b1", Now);
        await RecordAsync(complainer, BounceVerdict.Complaint, "c1", Now, "");

        var bouncedAgain = await subscriptions.RequestConfirmationAsync(Request("bounced@example.org"), "hash-bounced", Now.AddDays(1), 3);
        var complainerAgain = await subscriptions.RequestConfirmationAsync(Request("angry@example.org"), "hash-angry", Now.AddDays(1), 3);
        var stateBeforeConfirming = await StateAsync(bounced);
        var confirmed = await subscriptions.ConfirmAsync("hash-bounced", Now.AddDays(1));

        Assert.NotNull(bouncedAgain);
        Assert.Null(complainerAgain);
        Assert.Equal("suppressed", stateBeforeConfirming);
        Assert.Equal(bounced, confirmed?.SubscriberId);
        Assert.Equal(("active", "suppressed"), (await StateAsync(bounced), await StateAsync(complainer)));
        Assert.Equal("complaint", Assert.Single(await _suppressions.ListAsync(new SuppressionFilter(), 10, 0)).Reason);
    }

    [Fact]
    public async Task LiftingAllOfAReasonAndDateRangeLiftsThoseAndNoOthers()
    {
        var ids = new Dictionary<string, long>();
        foreach (var name in new[] { "relay1", "relay2", "relay3", "before", "complaint", "soft" })
        {
            ids[name] = await SubscriptionRows.AddSubscriberAsync(_db.Database, $"{name}@example.org");
        }
        var accident = new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero);
        await RecordAsync(ids["relay1"], BounceVerdict.Hard, "r1", accident);
        await RecordAsync(ids["relay2"], BounceVerdict.Hard, "r2", accident.AddMinutes(1));
        await RecordAsync(ids["relay3"], BounceVerdict.Hard, "r3", accident.AddHours(16).AddMinutes(59));
        await RecordAsync(ids["before"], BounceVerdict.Hard, "b", accident.AddDays(-1));
        await RecordAsync(ids["complaint"], BounceVerdict.Complaint, "c", accident);
        foreach (var i in Enumerable.Range(0, 3)) await RecordAsync(ids["soft"], BounceVerdict.Soft, $"s{i}", accident, "5.2.2");
        var day = new SuppressionFilter("hard", new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 23, 59, 59, TimeSpan.Zero));

        var counted = await _suppressions.CountAsync(day);
        var lifted = await _suppressions.LiftAllAsync(day, Now);

        Assert.Equal((3, 3), (counted, lifted));
        Assert.Equal(["active", "active", "active", "suppressed", "suppressed", "suppressed"],
            [await StateAsync(ids["relay1"]), await StateAsync(ids["relay2"]), await StateAsync(ids["relay3"]),
             await StateAsync(ids["before"]), await StateAsync(ids["complaint"]), await StateAsync(ids["soft"])]);
        Assert.Equal(3, await _suppressions.CountAsync(new SuppressionFilter()));
    }

    private static SubscriptionRequest Request(string email) => new(
        EmailAddress.TryParse(email, out _)!, AlertInput.ReadQuery("multilingual", out _, out _)!, DigestFrequency.Daily, null);
}
