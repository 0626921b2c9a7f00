using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Digests;
using PaperMail.Tests.Delivery;
using PaperMail.Tests.MultiNode;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>
/// A node that restarts after a crash gives back the digests its earlier life claimed at once, instead of waiting out
/// the 10-minute claim timeout; claims of other nodes are left alone. Against each provider (the derived classes below).
/// </summary>
public abstract class DeadClaimTests
{
    protected abstract Task<StoreWorld> CreateWorldAsync();

    [Theory]
    [InlineData("node-a#0123456789ab", 3)] // this node, an earlier process: released at once
    [InlineData("node-b#0123456789ab", 0)] // another node, maybe alive: waits out the timeout
    public async Task ARestartedNodeSendsWhatItsEarlierLifeHadClaimed(string deadClaimer, int expectedSent)
    {
        await using var world = await CreateWorldAsync();
        await DigestSeed.SeedAsync(world, 3);
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        await using var app = new PaperMailApp()
            .With("PaperMail:Database:Provider", world.Provider)
            .With("ConnectionStrings:PaperMail", world.ConnectionString)
            .With("PaperMail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("PaperMail:Digest:SendHourUtc", "0")
            .With("PaperMail:Digest:NodeName", "node-a");
        // A run that planned and claimed, then died (kill -9) before sending.
        var store = world.Digests;
        var now = DateTimeOffset.UtcNow;
        await store.PlanAsync(DigestSchedule.DueDailyPeriod(now, new DigestOptions { SendHourUtc = 0 }), null, now);
        Assert.Equal(3, (await store.ClaimAsync(now, now - DigestService.ClaimTimeout, 100, deadClaimer)).Count);

        using var scope = app.Services.CreateScope();
        var run = await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);

        Assert.Equal(expectedSent, run.Sent);
        await using var connection = await world.OpenAsync();
        Assert.Equal(expectedSent == 0 ? 3L : 0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digests WHERE state = 'sending'"));
    }
}

[Collection(nameof(AppCollection))]
public sealed class SqliteDeadClaimTests : DeadClaimTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => SqliteWorld.CreateAsync();
}

[Collection(nameof(PostgresAppCollection))]
public sealed class PostgresDeadClaimTests(PostgresCluster cluster) : DeadClaimTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => PostgresWorld.CreateAsync(cluster);
}
