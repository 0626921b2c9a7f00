using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Admin;
using PaperMail.Tests.Delivery;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Bounces;

/// <summary>
/// A relay that does not trust PaperMail answers <c>554 5.7.1 Relay access denied</c> to every RCPT. That is the
/// relay's problem, not the subscribers': the run stops, nobody is suppressed, the overview says why, and once the
/// relay is fixed the next run delivers to everyone.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class RelayRejectionTests
{
    private static readonly string[] Subscribers = ["ann@example.org", "bob@example.net", "cy@example.com", "dee@example.org", "eve@example.net"];

    [Fact]
    public async Task ARelayRefusingEveryRecipientStopsTheRunSuppressesNobodyShowsOnTheOverviewAndTheNextRunAfterTheFixDeliversToAll()
    {
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        smtp.RecipientFault = to => FaultInjectingSmtpServer.Reply(554, $"5.7.1 <{to}>: Relay access denied");
        await using var app = new PaperMailApp()
            .With("PaperMail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("PaperMail:Digest:SendHourUtc", "0")
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        var db = await SeedAsync(app);

        var stopped = await Assert.ThrowsAsync<DigestDeliveryStoppedException>(() => RunDigestAsync(app));

        Assert.Contains("Relay access denied", stopped.Message);
        await using (var connection = await db.OpenAsync())
        {
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM subscribers WHERE state <> 'active'"));
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM suppressions"));
            Assert.Equal(["pending"], (await connection.QueryAsync<string>("SELECT DISTINCT state FROM digests")).ToList());
        }
        Assert.Empty(smtp.Accepted);

        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var overview = await (await browser.GetAsync("/admin")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"delivery-problem\"", overview);
        Assert.Contains("the relay refuses every recipient", overview);
        Assert.Contains("Relay access denied", overview);

        smtp.RecipientFault = _ => null;
        var run = await RunDigestAsync(app);

        Assert.Equal(5, run.Sent);
        Assert.Equal(Subscribers.Order(), smtp.Accepted.SelectMany(a => a.Recipients).Order());
        var after = await (await browser.GetAsync("/admin")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"delivery-problem\"", after);
    }

    [Fact]
    public async Task OneRecipientRefusedByPolicyFailsThatDigestWithoutSuppressingAndTheOthersGo()
    {
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        smtp.RecipientFault = to => to.StartsWith("cy@", StringComparison.Ordinal) ? FaultInjectingSmtpServer.Reply(550, "5.7.1 blocked by recipient policy") : null;
        await using var app = new PaperMailApp()
            .With("PaperMail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("PaperMail:Digest:SendHourUtc", "0")
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        var db = await SeedAsync(app);

        var run = await RunDigestAsync(app);

        Assert.Equal((4, 1, 0), (run.Sent, run.Failed, run.Suppressed));
        await using var connection = await db.OpenAsync();
        Assert.Equal("active", await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers WHERE email = 'cy@example.com'"));
    }

    private static async Task<SqliteDatabase> SeedAsync(PaperMailApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        foreach (var email in Subscribers)
        {
            await SubscriptionRows.AddAlertAsync(db, await SubscriptionRows.AddSubscriberAsync(db, email), "multilingual");
        }
        await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        return db;
    }

    private static async Task<DigestRun> RunDigestAsync(PaperMailApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
    }
}
