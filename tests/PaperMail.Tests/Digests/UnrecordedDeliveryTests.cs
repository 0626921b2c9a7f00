using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>
/// What "papers never arrive twice" does not cover: the server answered 250 but the outcome could not be written
/// (here a real SQLite error while recording). Those digests go out again once their claims go stale; the job
/// stops at the first failure, so at most the messages already handed to the pool are affected, each twice at most.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class UnrecordedDeliveryTests : IAsyncDisposable
{
    private const int Subscribers = 40;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly TestSmtpServer _smtp = new();
    private PaperMailApp? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task ADeliveryWhoseRecordIsLostIsSentOnceMoreAfterTheClaimTimeoutAndNoOtherDigestTwice()
    {
        _app = _smtp.Configure(new PaperMailApp())
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithServices(s => s.AddSingleton<TimeProvider>(_clock));
        var db = _app.Services.GetRequiredService<SqliteDatabase>();
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
            for (var i = 0; i < Subscribers; i++)
            {
                var id = await SubscriptionRows.AddSubscriberAsync(db, $"reader{i:D2}@example.org");
                await SubscriptionRows.AddAlertAsync(db, id, "multilingual");
            }
            await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        }
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync("""
                CREATE TRIGGER lose_the_record BEFORE UPDATE OF state ON digests WHEN NEW.state = 'sent'
                BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END
                """);
        }

        await Assert.ThrowsAnyAsync<Exception>(RunDigestJobAsync);
        var firstRun = _smtp.Received.Select(To).ToList();

        // The job stopped at the first record it could not write: only what the pool already had went out.
        Assert.InRange(firstRun.Count, 1, DigestPipeline.MaxAhead);
        Assert.Equal(firstRun.Count, firstRun.Distinct().Count());

        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync("DROP TRIGGER lose_the_record");
        }
        // Those never handed to the pool went back to the queue untouched; the unrecorded ones wait for their claims
        // to go stale, as after a crash, and then go out again.
        var rest = await RunDigestJobAsync();
        _clock.Advance(DigestService.ClaimTimeout + TimeSpan.FromSeconds(1));
        var recovery = await RunDigestJobAsync();
        _clock.Advance(TimeSpan.FromHours(1));
        var after = await RunDigestJobAsync();

        Assert.Equal(Subscribers - firstRun.Count, rest.Sent);
        Assert.Equal(firstRun.Count, recovery.Sent);
        Assert.Equal(0, after.Planned + after.Sent);
        var received = _smtp.Received.Select(To).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Subscribers, received.Count);
        Assert.Equal(firstRun.Order(), received.Where(r => r.Value == 2).Select(r => r.Key).Order());
        Assert.All(received.Values, n => Assert.InRange(n, 1, 2));
    }

    private static string To(MimeKit.MimeMessage message) => message.To.Mailboxes.Single().Address;

    private async Task<DigestRun> RunDigestJobAsync()
    {
        using var scope = _app!.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
    }
}
