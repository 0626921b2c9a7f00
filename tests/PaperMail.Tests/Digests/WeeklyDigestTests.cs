using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>
/// Weekly digests through the whole path: the demo papers ingested, real match runs, the digest job planning and
/// sending through the SMTP pool to a real server, on a clock the test moves (WeeklyDay Monday, SendHourUtc 7).
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class WeeklyDigestTests : IAsyncLifetime
{
    // Each test sets the time it starts at (a FakeTimeProvider cannot go back).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TestSmtpServer _smtp = new();
    private PaperMailApp _app = null!;
    private SqliteDatabase _db = null!;

    public Task InitializeAsync()
    {
        _app = _smtp.Configure(new PaperMailApp())
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithServices(s => s.AddSingleton<TimeProvider>(_clock));
        _db = _app.Services.GetRequiredService<SqliteDatabase>();
        return Task.CompletedTask;
    }

    private async Task IngestAsync()
    {
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task AWeeklySubscriberGetsOneDigestPerIsoWeekFromTheWeeklyDayAtTheSendHourWithOnlyPapersNotMailedBefore()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero)); // Monday of ISO week 49, before 07:00
        await IngestAsync();
        var weekly = await SubscriptionRows.AddSubscriberAsync(_db, "weekly@example.org", frequency: "weekly");
        await SubscriptionRows.AddAlertAsync(_db, weekly, "multilingual");
        await MatchAsync();

        Assert.Equal(new DigestRun(0, 0, 0, 0, 0), await RunDigestJobAsync());

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
        var first = await RunDigestJobAsync();
        var mail = await _smtp.NextAsync();

        Assert.Equal((1, 1), (first.Planned, first.Sent));
        Assert.Equal("weekly@example.org", mail.To.Mailboxes.Single().Address);
        // "multilingual" is in the title or abstract of 22 of the 33 demo papers.
        Assert.Equal("22 new papers for multilingual", mail.Subject);
        Assert.Equal("2026-W49", await PeriodOfLastDigestAsync());

        // A new alert mid-week matches 10 papers, 2 of them already mailed: they wait for next week's digest.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await SubscriptionRows.AddAlertAsync(_db, weekly, "\"long context\"");
        await MatchAsync();
        Assert.Equal(0, (await RunDigestJobAsync()).Planned);
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 6, 23, 59, 0, TimeSpan.Zero)); // Sunday: still week 49
        Assert.Equal(0, (await RunDigestJobAsync()).Planned);
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 6, 59, 0, TimeSpan.Zero)); // Monday of week 50, before 07:00
        Assert.Equal(0, (await RunDigestJobAsync()).Planned);

        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero));
        var second = await RunDigestJobAsync();
        var next = await _smtp.NextAsync();

        Assert.Equal((1, 1), (second.Planned, second.Sent));
        Assert.Equal("8 new papers for \"long context\"", next.Subject);
        Assert.Equal("2026-W50", await PeriodOfLastDigestAsync());
        Assert.Equal(2, _smtp.Received.Count);
    }

    [Fact]
    public async Task ADailySubscriberIsNotHeldBackByTheWeeklyDayAndAWeeklyOneIsNotSentDaily()
    {
        // Sunday 29 November: the last day of ISO week 48, whose Monday 07:00 has long passed.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero));
        await IngestAsync();
        var daily = await SubscriptionRows.AddSubscriberAsync(_db, "daily@example.org");
        await SubscriptionRows.AddAlertAsync(_db, daily, "multilingual");
        var weekly = await SubscriptionRows.AddSubscriberAsync(_db, "weekly@example.org", frequency: "weekly");
        await SubscriptionRows.AddAlertAsync(_db, weekly, "multilingual");
        await MatchAsync();

        var sunday = await RunDigestJobAsync();
        var addressees = new[] { await _smtp.NextAsync(), await _smtp.NextAsync() }.Select(m => m.To.Mailboxes.Single().Address).Order();
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 6, 59, 0, TimeSpan.Zero)); // Monday of week 49, before 07:00
        var beforeTheHour = await RunDigestJobAsync();

        Assert.Equal((2, 2), (sunday.Planned, sunday.Sent));
        Assert.Equal(["daily@example.org", "weekly@example.org"], addressees);
        Assert.Equal(0, beforeTheHour.Planned);
        Assert.Equal(["2026-11-29", "2026-W48"], await PeriodsAsync());
    }

    private async Task MatchAsync()
    {
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
    }

    private async Task<DigestRun> RunDigestJobAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
    }

    private async Task<string> PeriodOfLastDigestAsync() => (await PeriodsAsync()).Last();

    private async Task<List<string>> PeriodsAsync()
    {
        await using var connection = await _db.OpenAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT period FROM digests ORDER BY id")];
    }
}
