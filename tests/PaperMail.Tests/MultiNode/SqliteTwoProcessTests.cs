using System.Globalization;
using Dapper;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MultiNode;

/// <summary>Two PaperMail processes on one SQLite file: one works, the other stands by, nobody gets a digest twice.</summary>
[Collection(nameof(AppCollection))]
public sealed class SqliteTwoProcessTests
{
    private const int Subscribers = 12;

    [Fact]
    public async Task ASecondProcessOnTheSameFileStandsBySendsNothingAndTakesOverWhenTheFirstIsKilled()
    {
        await using var smtp = new TestSmtpServer();
        await using var world = await SqliteWorld.CreateAsync();
        await DigestSeed.SeedAsync(world, Subscribers);
        var settings = NodeProcess.BaseSettings(smtp.Port);
        settings["ConnectionStrings:PaperMail"] = world.ConnectionString;
        settings["PaperMail:Lease:TtlSeconds"] = "3";
        settings["PaperMail:Lease:RenewSeconds"] = "1";

        await using var first = await NodeProcess.StartAsync("node-a", settings);
        await NodeWaits.UntilAsync(async () => await NodeWaits.CheckAsync(first, "lease") == "Healthy", "node-a to hold the lease");
        await using var second = await NodeProcess.StartAsync("node-b", settings);

        var (status, body) = await NodeWaits.ReadyzAsync(second);
        Assert.Equal(503, status);
        Assert.Contains("Standing by", body, StringComparison.Ordinal);
        Assert.Contains(second.Log, line => line.Contains("is standing by", StringComparison.Ordinal));

        // Both are asked to send at once, twice: only the holder sends, each digest once.
        for (var round = 0; round < 2; round++)
        {
            var jobs = await Task.WhenAll(first.TriggerAsync("digest"), second.TriggerAsync("digest"));
            Assert.Equal("Succeeded", await NodeWaits.JobFinishedAsync(first, NodeWaits.JobId(jobs[0])));
            // Hangfire records a job its filter cancelled before it ran as deleted: the standby ran nothing.
            Assert.Equal("Deleted", await NodeWaits.JobFinishedAsync(second, NodeWaits.JobId(jobs[1])));
        }
        Assert.Contains(second.Log, line => line.Contains("skipped: this node is standing by", StringComparison.Ordinal));
        AssertOneDigestEach(smtp);

        // The holder dies without a word; the standby takes the lease over once it has expired, and sends nothing again.
        first.Kill();
        await NodeWaits.UntilAsync(async () => await NodeWaits.CheckAsync(second, "lease") == "Healthy", "node-b to take the lease over");
        Assert.Contains(second.Log, line => line.Contains("held by this process", StringComparison.Ordinal));
        Assert.Equal("Succeeded", await NodeWaits.JobFinishedAsync(second, NodeWaits.JobId(await second.TriggerAsync("digest"))));
        AssertOneDigestEach(smtp);
        await using var connection = await world.OpenAsync();
        Assert.Equal((long)Subscribers, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digests WHERE state = 'sent'"));
    }

    private static void AssertOneDigestEach(TestSmtpServer smtp)
    {
        var recipients = smtp.Received.SelectMany(m => m.To.Mailboxes.Select(a => a.Address)).Order(StringComparer.Ordinal).ToList();
        var expected = Enumerable.Range(0, Subscribers).Select(DigestSeed.Address).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, recipients);
    }
}
