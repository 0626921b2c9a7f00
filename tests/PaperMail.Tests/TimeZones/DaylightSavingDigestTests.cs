using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Scheduling;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;
using PaperMail.Web.Digests;

namespace PaperMail.Tests.TimeZones;

/// <summary>
/// The digest job run every 15 minutes across a daylight-saving change, on the app's clock (a FakeTimeProvider), a
/// real SQLite file and a real SMTP server: a daily and a weekly subscriber in the zone each get one digest per local
/// day (week), at the send hour on their clock. A new match arrives every 3 hours, so every day has something to send.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class DaylightSavingDigestTests
{
    public static TheoryData<string, string, int, string[], string[], string> Changes => new()
    {
        // Spring forward in Berlin, 28 March 2027: 02:00 CET becomes 03:00 CEST (01:00 UTC); the send hour 2 does not exist.
        { "Europe/Berlin", "2027-03-27T00:00:00Z", 2,
          ["2027-03-27@2027-03-27T01:00Z", "2027-03-28@2027-03-28T01:00Z", "2027-03-29@2027-03-29T00:00Z"],
          ["2027-W12@2027-03-28T01:00Z"], "spring" },
        // Fall back in Berlin, 31 October 2027: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:00 happens twice.
        { "Europe/Berlin", "2027-10-30T00:00:00Z", 2,
          ["2027-10-30@2027-10-30T00:00Z", "2027-10-31@2027-10-31T00:00Z", "2027-11-01@2027-11-01T01:00Z"],
          ["2027-W43@2027-10-31T00:00Z"], "fall" },
        // Spring forward in New York, 14 March 2027: 02:00 EST becomes 03:00 EDT (07:00 UTC). At the first tick it is
        // already the evening of the 12th there, past the send hour.
        { "America/New_York", "2027-03-13T00:00:00Z", 2,
          ["2027-03-12@2027-03-13T00:00Z", "2027-03-13@2027-03-13T07:00Z", "2027-03-14@2027-03-14T07:00Z", "2027-03-15@2027-03-15T06:00Z"],
          ["2027-W10@2027-03-14T07:00Z"], "spring" },
        // Fall back in New York, 7 November 2027: 02:00 EDT becomes 01:00 EST (06:00 UTC); the send hour 1 happens twice.
        { "America/New_York", "2027-11-06T00:00:00Z", 1,
          ["2027-11-05@2027-11-06T00:00Z", "2027-11-06@2027-11-06T05:00Z", "2027-11-07@2027-11-07T05:00Z", "2027-11-08@2027-11-08T06:00Z"],
          ["2027-W44@2027-11-07T05:00Z"], "fall" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task ADaylightSavingChangeNeitherSkipsNorDoublesADigest(string zone, string start, int sendHour, string[] daily, string[] weekly, string change)
    {
        _ = change;
        var from = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(from);
        await using var smtp = new TestSmtpServer();
        await using var app = smtp.Configure(new PaperMailApp())
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .With("PaperMail:Digest:SendHourUtc", sendHour.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("PaperMail:Digest:WeeklyDay", "Sunday")
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        }
        var zones = app.Services.GetRequiredService<ISubscriberTimeZoneStore>();
        var dailyId = await SubscriptionRows.AddSubscriberAsync(db, "daily@example.org");
        var weeklyId = await SubscriptionRows.AddSubscriberAsync(db, "weekly@example.org", frequency: "weekly");
        await zones.SetAsync(dailyId, zone);
        await zones.SetAsync(weeklyId, zone);
        var alerts = new[] { (dailyId, await SubscriptionRows.AddAlertAsync(db, dailyId, "anything")), (weeklyId, await SubscriptionRows.AddAlertAsync(db, weeklyId, "anything")) };
        string[] papers;
        await using (var connection = await db.OpenAsync())
        {
            papers = [.. await connection.QueryAsync<string>("SELECT id FROM papers ORDER BY id")];
        }

        // Three days of 15-minute ticks.
        for (var tick = 0; tick < 3 * 96; tick++)
        {
            clock.SetUtcNow(from.AddMinutes(15 * tick));
            if (tick % 12 == 0) await MatchAsync(db, alerts, papers[tick / 12], clock.GetUtcNow());
            using var scope = app.Services.CreateScope();
            await ActivatorUtilities.CreateInstance<DigestJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        Assert.Equal(daily, await SentAsync(db, dailyId));
        Assert.Equal(weekly, await SentAsync(db, weeklyId));
        Assert.Equal(daily.Length + weekly.Length, smtp.Received.Count);
        Assert.Equal(daily.Length, smtp.Received.Count(m => m.To.Mailboxes.Single().Address == "daily@example.org"));
    }

    private static async Task MatchAsync(SqliteDatabase db, IEnumerable<(long SubscriberId, long AlertId)> alerts, string paperId, DateTimeOffset at)
    {
        await using var connection = await db.OpenAsync();
        foreach (var (subscriberId, alertId) in alerts)
        {
            await connection.ExecuteAsync("""
                INSERT INTO matches (alert_id, paper_id, subscriber_id, matched_at, relevance, score, hits)
                VALUES (@alertId, @paperId, @subscriberId, @at, 1, 1, '[]')
                """, new { alertId, paperId, subscriberId, at = at.ToUnixTimeMilliseconds() });
        }
    }

    /// <summary>"period@sent time (UTC)" of each of the subscriber's digests that went out, in order.</summary>
    private static async Task<string[]> SentAsync(SqliteDatabase db, long subscriberId)
    {
        await using var connection = await db.OpenAsync();
        var rows = await connection.QueryAsync<(string Period, long SentAt)>(
            "SELECT period, sent_at FROM digests WHERE subscriber_id = @subscriberId AND state = 'sent' ORDER BY id", new { subscriberId });
        return [.. rows.Select(r => $"{r.Period}@{DateTimeOffset.FromUnixTimeMilliseconds(r.SentAt).UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'}")];
    }
}
