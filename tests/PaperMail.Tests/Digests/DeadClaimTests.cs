using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Delivery;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>
/// A node that restarts after a crash gives back the digests its earlier life claimed at once, instead of waiting out
/// the 10-minute claim timeout; claims of other nodes are left alone.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class DeadClaimTests
{
    [Theory]
    [InlineData("node-a#0123456789ab", 3)] // this node, an earlier process: released at once
    [InlineData("node-b#0123456789ab", 0)] // another node, maybe alive: waits out the timeout
    public async Task ARestartedNodeSendsWhatItsEarlierLifeHadClaimed(string deadClaimer, int expectedSent)
    {
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        await using var app = new PaperMailApp()
            .With("PaperMail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("PaperMail:Digest:SendHourUtc", "0")
            .With("PaperMail:Digest:NodeName", "node-a")
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        foreach (var email in new[] { "a@example.org", "b@example.org", "c@example.org" })
        {
            await SubscriptionRows.AddAlertAsync(db, await SubscriptionRows.AddSubscriberAsync(db, email), "multilingual");
        }
        await services.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        // A run that planned and claimed, then died (kill -9) before sending.
        var store = services.GetRequiredService<IDigestStore>();
        var now = DateTimeOffset.UtcNow;
        await store.PlanAsync(DigestSchedule.DueDailyPeriod(now, new DigestOptions { SendHourUtc = 0 }), null, now);
        Assert.Equal(3, (await store.ClaimAsync(now, now - DigestService.ClaimTimeout, 100, deadClaimer)).Count);

        var run = await services.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);

        Assert.Equal(expectedSent, run.Sent);
        await using var connection = await db.OpenAsync();
        Assert.Equal(expectedSent == 0 ? 3L : 0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digests WHERE state = 'sending'"));
    }
}
