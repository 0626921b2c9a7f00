using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;
using PaperMail.Web.Housekeeping;

namespace PaperMail.Tests.Housekeeping;

/// <summary>The <c>housekeeping</c> job over data made through the real pages.</summary>
[Collection(nameof(AppCollection))]
public class HousekeepingTests
{
    [Fact]
    public async Task HousekeepingDeletesWhatExpiredReportsItAndASecondRunDeletesNothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        await using var bed = new SubscribingTestBed(app => app.WithServices(s => s.AddSingleton<TimeProvider>(clock)));
        var db = bed.App.Services.GetRequiredService<SqliteDatabase>();
        // Never confirms.
        await bed.SubmitAsync("never@example.org", "multilingual");
        await bed.Smtp.NextAsync();
        // Confirms one alert, leaves a second unconfirmed.
        await bed.SubscribeAndConfirmAsync("stays@example.org", "multilingual");
        await bed.SubmitAsync("stays@example.org", "retrieval");
        await bed.Smtp.NextAsync();
        // Leaves.
        var (_, unsubscribe) = await bed.SubscribeAndConfirmAsync("leaves@example.org", "encoder");
        await bed.PostFormAsync(unsubscribe, []);
        // Bounced long ago (the bounce handling sets this state).
        await SubscriptionRows.AddSubscriberAsync(db, "bounced@example.org", state: "suppressed");

        clock.Advance(TimeSpan.FromDays(31));
        var report = await RunAsync(bed);

        // Confirmation links (7 days) of all three, and the manage link (30 days) of the one who stays.
        Assert.Equal(5, report.ExpiredTokens);
        Assert.Equal(2, report.UnconfirmedAlerts);
        Assert.Equal(1, report.UnconfirmedSubscribers);
        Assert.Equal(1, report.UnsubscribedSubscribers);
        Assert.Equal(1, report.SuppressedAddressesHashed);
        Assert.Equal(4, report.EmailLogRows);
        Assert.Equal("stays@example.org", await bed.ScalarAsync<string>(
            "SELECT group_concat(email) FROM subscribers WHERE email NOT LIKE 'sha256:%'"));
        Assert.Equal(1, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
        Assert.Equal("unsubscribe", await bed.ScalarAsync<string>("SELECT group_concat(purpose) FROM subscription_tokens"));
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers WHERE email LIKE '%bounced%' OR email_key LIKE '%bounced%'"));
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM email_log"));

        Assert.Equal(0, (await RunAsync(bed)).Total);
    }

    [Fact]
    public async Task AComplainerKeptOnlyAsAHashIsStillRefused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        await using var bed = new SubscribingTestBed(app => app.WithServices(s => s.AddSingleton<TimeProvider>(clock)));
        await SuppressAsync(bed, "complained@example.org", "complaint");
        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, (await RunAsync(bed)).SuppressedAddressesHashed);

        var response = await bed.SubmitAsync("Complained@Example.org", "multilingual");

        // The form answers as for anyone; sending is over when it returns, and nothing went out.
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Empty(bed.Smtp.Received);
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(1, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers WHERE email LIKE 'sha256:%'"));
    }

    [Fact]
    public async Task ABouncedAddressKeptOnlyAsAHashComesBackWhenItConfirmsAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        await using var bed = new SubscribingTestBed(app => app.WithServices(s => s.AddSingleton<TimeProvider>(clock)));
        await SuppressAsync(bed, "bounced@example.org", "hard");
        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, (await RunAsync(bed)).SuppressedAddressesHashed);

        await bed.SubscribeAndConfirmAsync("bounced@example.org", "multilingual");

        // One row still: the hashed one got its address back, and confirming lifted the bounce.
        Assert.Equal("bounced@example.org active", await bed.ScalarAsync<string>("SELECT group_concat(email || ' ' || state) FROM subscribers"));
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM suppressions"));
    }

    [Fact]
    public async Task EnvelopesOfMessagesOlderThanTheEmailLogAreDeletedAndNewerOnesKept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        await using var bed = new SubscribingTestBed(app => app.WithServices(s => s.AddSingleton<TimeProvider>(clock)));
        var id = await SubscriptionRows.AddSubscriberAsync(bed.App.Services.GetRequiredService<SqliteDatabase>(), "ada@example.org");
        // 2026-09-30 08:00 and 2026-10-31 08:00 UTC in milliseconds: 32 days and 1 day before the run.
        Assert.Equal(2, await bed.ScalarAsync<long>($"""
            INSERT INTO envelopes (verp_id, subscriber_id, message_id, created_at)
            VALUES ('old', {id}, '<old@x>', 1790755200000), ('new', {id}, '<new@x>', 1793433600000) RETURNING 2
            """));

        Assert.Equal(1, (await RunAsync(bed)).Envelopes);

        Assert.Equal("new", await bed.ScalarAsync<string>("SELECT group_concat(verp_id) FROM envelopes"));
    }

    private static async Task SuppressAsync(SubscribingTestBed bed, string email, string reason)
    {
        var id = await SubscriptionRows.AddSubscriberAsync(bed.App.Services.GetRequiredService<SqliteDatabase>(), email, state: "suppressed");
        Assert.Equal(id, await bed.ScalarAsync<long>($"""
            INSERT INTO suppressions (subscriber_id, reason, status, detail, source, created_at)
            VALUES ({id}, '{reason}', '5.1.1', '550 5.1.1 <{email}>: Recipient address rejected', 'smtp', 0) RETURNING subscriber_id
            """));
    }

    [Fact]
    public async Task TheHousekeepingJobIsScheduledAndRunsThroughTheAdminApi()
    {
        await using var bed = new SubscribingTestBed();
        using var client = bed.App.CreateAdminClient();

        var response = await client.PostAsync("/api/admin/jobs/housekeeping", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        for (var i = 0; i < 300; i++)
        {
            var state = (await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.OriginalString)).GetProperty("state").GetString();
            if (state == "Succeeded") return;
            Assert.NotEqual("Failed", state);
            await Task.Delay(100);
        }
        throw new TimeoutException("The housekeeping job did not finish in 30 s.");
    }

    private static async Task<PaperMail.Core.Housekeeping.HousekeepingReport> RunAsync(SubscribingTestBed bed)
    {
        using var scope = bed.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<HousekeepingJob>().RunAsync(CancellationToken.None);
    }
}
