using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Admin;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Bounces;

/// <summary>A relay nobody answers on: the run stops after a few attempts, and the overview says since when.</summary>
[Collection(nameof(AppCollection))]
public sealed class RelayDownTests
{
    [Fact]
    public async Task ARelayThatRefusesConnectionsStopsTheRunAndTheOverviewSaysItIsDown()
    {
        // Nothing listens on the port PaperMailApp points SMTP at by default.
        await using var app = new PaperMailApp()
            .With("PaperMail:Digest:SendHourUtc", "0")
            .With("PaperMail:Smtp:MaxConnections", "1")
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
            var db = app.Services.GetRequiredService<SqliteDatabase>();
            foreach (var email in new[] { "a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org" })
            {
                await SubscriptionRows.AddAlertAsync(db, await SubscriptionRows.AddSubscriberAsync(db, email), "multilingual");
            }
            await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);

            var stopped = await Assert.ThrowsAsync<DigestDeliveryStoppedException>(() => scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None));

            Assert.Equal(DeliveryProblemKinds.RelayDown, stopped.Result.Problem);
            await using var connection = await db.OpenAsync();
            // The attempts that found no relay wait with backoff like any transient failure; the rest were never tried.
            Assert.Equal(5L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digests WHERE state = 'pending'"));
            Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digests WHERE attempts = 1"));
        }

        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var overview = await (await browser.GetAsync("/admin")).Content.ReadAsStringAsync();
        Assert.Contains("Sending stopped: the relay is down", overview);
        Assert.Contains("id=\"delivery-problem-since\"", overview);
    }
}
