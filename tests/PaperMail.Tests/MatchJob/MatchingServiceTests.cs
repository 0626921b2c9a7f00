using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Papers;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MatchJob;

public sealed class MatchingServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
    private PaperStore _papers = null!;
    private MatchStore _matches = null!;
    private IReadOnlyList<IncomingPaper> _seed = [];
    // One per test, shared by its runs: the index is kept between runs as in the app (a singleton).
    private PercolatorCache _percolators = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _papers = new PaperStore(_db.Database);
        _matches = new MatchStore(_db.Database);
        _percolators = new PercolatorCache(_clock, NullLogger<PercolatorCache>.Instance);
        await using var stream = File.OpenRead(RepoPaths.SeedPapers);
        _seed = (await DocumentParser.ParseAsync(stream, "seed", null, CancellationToken.None)).Papers;
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private MatchingService Service(IMatchStore? store = null) =>
        new(store ?? _matches, _papers, _percolators, Options.Create(new MatchingOptions()), _clock, NullLogger<MatchingService>.Instance);

    private Task IngestSeedAsync() => _papers.UpsertAsync("demo", _seed, _clock.GetUtcNow());

    [Fact]
    public async Task NewPapersAreMatchedToActiveAlertsExactlyOnce()
    {
        var subscriber = await SubscriptionRows.AddSubscriberAsync(_db.Database, "ana@example.org");
        var alert = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "\"long context\"");
        await Service().RunAsync(CancellationToken.None); // back-fills the alert over an empty store
        await IngestSeedAsync();

        var first = await Service().RunAsync(CancellationToken.None);
        var second = await Service().RunAsync(CancellationToken.None);
        var stored = await _matches.GetMatchesForAlertAsync(alert);

        Assert.Equal(_seed.Count, first.PapersEvaluated);
        Assert.True(first.MatchesAdded > 0);
        Assert.Equal(first.MatchesAdded, stored.Count);
        Assert.Equal((0, 0), (second.PapersEvaluated, second.MatchesAdded));
        Assert.All(stored, m => Assert.Contains(m.Hits, h => h.Term == "\"long context\""));
        var expected = _seed.Where(p => (p.Title + " " + p.Abstract).Contains("long context", StringComparison.OrdinalIgnoreCase)
                                        || (p.Title + " " + p.Abstract).Contains("long-context", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Id).Order();
        Assert.Equal(expected, stored.Select(m => m.PaperId).Order());
    }

    [Fact]
    public async Task PausedPendingAndUnsubscribedAlertsAreNotMatched()
    {
        var active = await SubscriptionRows.AddSubscriberAsync(_db.Database, "a@example.org");
        var gone = await SubscriptionRows.AddSubscriberAsync(_db.Database, "b@example.org", state: "unsubscribed");
        var paused = await SubscriptionRows.AddAlertAsync(_db.Database, active, "multilingual", paused: true);
        var pending = await SubscriptionRows.AddAlertAsync(_db.Database, active, "multilingual", state: "pending");
        var ofGone = await SubscriptionRows.AddAlertAsync(_db.Database, gone, "multilingual");
        var live = await SubscriptionRows.AddAlertAsync(_db.Database, active, "multilingual");
        await IngestSeedAsync();

        await Service().RunAsync(CancellationToken.None);

        Assert.NotEmpty(await _matches.GetMatchesForAlertAsync(live));
        Assert.Empty(await _matches.GetMatchesForAlertAsync(paused));
        Assert.Empty(await _matches.GetMatchesForAlertAsync(pending));
        Assert.Empty(await _matches.GetMatchesForAlertAsync(ofGone));
    }

    [Fact]
    public async Task AlertsEditedPausedOrAddedBetweenRunsMatchAsTheyNowAreThoughTheIndexIsKept()
    {
        var subscriber = await SubscriptionRows.AddSubscriberAsync(_db.Database, "e@example.org");
        var edited = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "multilingual");
        var paused = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "\"long context\"");
        await _papers.UpsertAsync("hf", [new IncomingPaper { Id = "2601.00001", Title = "Multilingual retrieval with long context" }], _clock.GetUtcNow());
        await Service().RunAsync(CancellationToken.None);
        Assert.Single(await _matches.GetMatchesForAlertAsync(edited));
        Assert.Single(await _matches.GetMatchesForAlertAsync(paused));

        await SubscriptionRows.EditAlertAsync(_db.Database, edited, "\"sparse retrieval\"");
        await SubscriptionRows.PauseAlertAsync(_db.Database, paused);
        var added = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "multilingual");
        await _papers.UpsertAsync("hf", [new IncomingPaper { Id = "2601.00002", Title = "Multilingual long context models" }], _clock.GetUtcNow());
        await Service().RunAsync(CancellationToken.None);

        // Neither the alert's old query nor the paused alert may match the new paper.
        Assert.Equal(["2601.00001"], (await _matches.GetMatchesForAlertAsync(edited)).Select(m => m.PaperId));
        Assert.Equal(["2601.00001"], (await _matches.GetMatchesForAlertAsync(paused)).Select(m => m.PaperId));
        Assert.Equal(["2601.00001", "2601.00002"], (await _matches.GetMatchesForAlertAsync(added)).Select(m => m.PaperId).Order());
    }

    [Fact]
    public async Task APaperMatchesWhenItsUpvotesCrossTheAlertsThreshold()
    {
        var subscriber = await SubscriptionRows.AddSubscriberAsync(_db.Database, "c@example.org");
        var alert = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "LongWriter", minUpvotes: 10);
        await Service().RunAsync(CancellationToken.None);
        var paper = new IncomingPaper { Id = "2408.07055", Title = "LongWriter: Unleashing 10,000+ Word Generation from Long Context LLMs", Upvotes = 6 };
        await _papers.UpsertAsync("hf", [paper], _clock.GetUtcNow());

        await Service().RunAsync(CancellationToken.None);
        Assert.Empty(await _matches.GetMatchesForAlertAsync(alert));

        _clock.Advance(TimeSpan.FromDays(1));
        await _papers.UpsertAsync("hf", [paper with { Upvotes = 32 }], _clock.GetUtcNow());
        await Service().RunAsync(CancellationToken.None);

        Assert.Equal(["2408.07055"], (await _matches.GetMatchesForAlertAsync(alert)).Select(m => m.PaperId));
    }

    [Fact]
    public async Task ANewOrEditedAlertIsBackfilledWithPapersFirstSeenInTheLastSevenDays()
    {
        await IngestSeedAsync(); // first seen now
        await Service().RunAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(3));
        var subscriber = await SubscriptionRows.AddSubscriberAsync(_db.Database, "d@example.org");
        var alert = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "multilingual");

        var run = await Service().RunAsync(CancellationToken.None);
        var matched = await _matches.GetMatchesForAlertAsync(alert);
        Assert.Equal(1, run.Backfilled);
        Assert.NotEmpty(matched);

        await SubscriptionRows.EditAlertAsync(_db.Database, alert, "\"long context\"");
        run = await Service().RunAsync(CancellationToken.None);
        Assert.Equal(1, run.Backfilled);
        Assert.Contains(await _matches.GetMatchesForAlertAsync(alert), m => m.Hits.Any(h => h.Term == "\"long context\""));

        _clock.Advance(TimeSpan.FromDays(5)); // now the papers are 8 days old
        var late = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "multilingual");
        run = await Service().RunAsync(CancellationToken.None);
        Assert.Equal(1, run.Backfilled);
        Assert.Empty(await _matches.GetMatchesForAlertAsync(late));
    }

    [Fact]
    public async Task ACrashPartWayLosesAndDuplicatesNothingOnTheNextRun()
    {
        var subscriber = await SubscriptionRows.AddSubscriberAsync(_db.Database, "e@example.org");
        var alert = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "language");
        await Service().RunAsync(CancellationToken.None);
        // More than one page of papers, so the watermark moves part way before the crash.
        var many = Enumerable.Range(1, MatchingService.PageSize + 500)
            .Select(i => new IncomingPaper { Id = $"2611.{i:00000}", Title = $"A language model study number {i}", Abstract = "About language." })
            .ToList();
        await _papers.UpsertAsync("file", many, _clock.GetUtcNow());

        var crashing = new CrashingMatchStore(_matches, failOnSave: 2);
        await Assert.ThrowsAsync<IOException>(() => Service(crashing).RunAsync(CancellationToken.None));
        var afterCrash = (await _matches.GetMatchesForAlertAsync(alert)).Count;
        await Service().RunAsync(CancellationToken.None);
        await Service().RunAsync(CancellationToken.None);

        Assert.Equal(MatchingService.PageSize, afterCrash);
        var stored = await _matches.GetMatchesForAlertAsync(alert);
        Assert.Equal(many.Count, stored.Count);
        Assert.Equal(many.Count, stored.Select(m => m.PaperId).Distinct().Count());
        var last = await _matches.GetLastRunAsync();
        Assert.Null(last!.Error);
    }

    /// <summary>The real store, except that the Nth save dies as a killed process would: before committing.</summary>
    private sealed class CrashingMatchStore(IMatchStore inner, int failOnSave) : IMatchStore
    {
        private int _saves;

        public Task<int> SaveAsync(IReadOnlyList<NewMatch> matches, DateTimeOffset matchedAt, long? watermark, IReadOnlyList<(long AlertId, int Version)> backfilled, CancellationToken ct = default) =>
            ++_saves == failOnSave ? throw new IOException("simulated crash") : inner.SaveAsync(matches, matchedAt, watermark, backfilled, ct);

        public Task<IReadOnlyList<ActiveAlert>> GetActiveAlertsAsync(CancellationToken ct = default) => inner.GetActiveAlertsAsync(ct);
        public Task<long> GetWatermarkAsync(CancellationToken ct = default) => inner.GetWatermarkAsync(ct);
        public Task<long> StartRunAsync(DateTimeOffset startedAt, CancellationToken ct = default) => inner.StartRunAsync(startedAt, ct);
        public Task FinishRunAsync(MatchRun run, CancellationToken ct = default) => inner.FinishRunAsync(run, ct);
        public Task<MatchRun?> GetLastRunAsync(CancellationToken ct = default) => inner.GetLastRunAsync(ct);
        public Task<IReadOnlyList<StoredMatch>> GetMatchesForAlertAsync(long alertId, CancellationToken ct = default) => inner.GetMatchesForAlertAsync(alertId, ct);
        public Task<long> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
    }
}
