using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Delivery;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>The digest job against a real SMTP server that refuses in the ways real servers do.</summary>
[Collection(nameof(AppCollection))]
public sealed class DigestDeliveryFaultTests
{
    private static async Task<(PaperMailApp App, SqliteDatabase Db)> StartAsync(FaultInjectingSmtpServer smtp, params string[] emails)
    {
        var app = new PaperMailApp()
            .With("PaperMail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithServices(s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero))));
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        foreach (var email in emails)
        {
            await SubscriptionRows.AddAlertAsync(db, await SubscriptionRows.AddSubscriberAsync(db, email), "multilingual");
        }
        await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        return (app, db);
    }

    private static async Task<DigestRun> RunAsync(PaperMailApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A550OnRcptSuppressesThatAddressAndTheOthersStillGetTheirDigest()
    {
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        smtp.RecipientFault = to => to.StartsWith("gone@", StringComparison.Ordinal) ? FaultInjectingSmtpServer.Reply(550, "5.1.1 no such user") : null;
        var (app, db) = await StartAsync(smtp, "one@example.org", "gone@example.org", "two@example.org");
        await using var _ = app;

        var run = await RunAsync(app);

        Assert.Equal((2, 1), (run.Sent, run.Suppressed));
        Assert.Equal(["one@example.org", "two@example.org"], smtp.Accepted.SelectMany(a => a.Recipients).Order());
        await using var connection = await db.OpenAsync();
        Assert.Equal("suppressed", await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers WHERE email = 'gone@example.org'"));
        Assert.Contains("5.1.1", await connection.ExecuteScalarAsync<string>("SELECT state_reason FROM subscribers WHERE email = 'gone@example.org'"));
    }

    [Fact]
    public async Task A451OnRcptIsRetriedLaterNotSuppressed()
    {
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        smtp.RecipientFault = _ => FaultInjectingSmtpServer.Reply(451, "4.3.0 try again later");
        var (app, db) = await StartAsync(smtp, "busy@example.org");
        await using var _ = app;

        var run = await RunAsync(app);

        Assert.Equal((0, 1), (run.Sent, run.Retrying));
        await using var connection = await db.OpenAsync();
        Assert.Equal("pending", await connection.ExecuteScalarAsync<string>("SELECT state FROM digests"));
        Assert.Equal("active", await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers"));
    }

    [Fact]
    public async Task A5xxOnMailFromStopsTheJobAndKeepsEveryDigestForLater()
    {
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        smtp.MailFromFault = FaultInjectingSmtpServer.Reply(553, "5.7.1 sender address rejected");
        var (app, db) = await StartAsync(smtp, "a@example.org", "b@example.org");
        await using var _ = app;

        var error = await Assert.ThrowsAsync<DigestDeliveryStoppedException>(() => RunAsync(app));

        Assert.Contains("5.7.1", error.Message);
        await using var connection = await db.OpenAsync();
        Assert.Equal(["pending", "pending"], (await connection.QueryAsync<string>("SELECT state FROM digests")).ToList());
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM subscribers WHERE state = 'active'"));
    }
}
