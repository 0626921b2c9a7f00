using PaperMail.Core.Papers;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Semantic;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Semantic;

/// <summary>
/// Similar-papers alerts in the match job, over a real SQLite file, with the deterministic bag-of-words embedder
/// (what is under test is the job: vectors stored once, watermark, back-fill, filters, reasons), not the model.
/// </summary>
public sealed class SemanticMatchingTests : IAsyncLifetime
{
    private const string Wheat = "Wheat yield forecasting from satellite images";
    private const string WheatAbstract = "We forecast wheat yield for farms from multispectral satellite images with a crop growth model.";
    private const string Speech = "Streaming speech recognition on phones";
    private const string SpeechAbstract = "A small streaming recogniser transcribes speech on phones with low latency and no server.";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeTextEmbedder _model = new();
    private TestDatabase _db = null!;
    private PaperStore _papers = null!;
    private MatchStore _matches = null!;
    private SemanticStore _semantic = null!;
    private PercolatorCache _percolators = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _papers = new PaperStore(_db.Database);
        _matches = new MatchStore(_db.Database);
        _semantic = new SemanticStore(_db.Database);
        _percolators = new PercolatorCache(_clock, NullLogger<PercolatorCache>.Instance);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private PaperEmbedder Embedder() => new(_semantic, _model, Options.Create(new SemanticOptions { Enabled = true, BatchSize = 4 }), _clock, NullLogger<PaperEmbedder>.Instance);

    /// <param name="cache">The process's alert matrix, kept between runs; none: each run reads the alerts afresh.</param>
    private MatchingService Service(SemanticAlertCache? cache = null)
    {
        var embedder = Embedder();
        var alerts = new SimilarAlertEmbedder(embedder, _model, _papers, NullLogger<SimilarAlertEmbedder>.Instance);
        var semantic = new SemanticMatcher(_semantic, embedder, alerts, _papers, NullLogger<SemanticMatcher>.Instance, cache);
        return new MatchingService(_matches, _papers, _percolators, Options.Create(new MatchingOptions()), _clock, NullLogger<MatchingService>.Instance, semantic);
    }

    private Task IngestAsync(params IncomingPaper[] papers) => _papers.UpsertAsync("test", papers, _clock.GetUtcNow());

    private static IncomingPaper Paper(string id, string title, string abstractText, int? upvotes = null) =>
        new() { Id = id, Title = title, Abstract = abstractText, Upvotes = upvotes, Authors = ["A. Author"] };

    private async Task<long> AddSimilarAlertAsync(SimilarAlert similar, string filter = "", int? minUpvotes = null)
    {
        var subscriber = await SubscriptionRows.AddSubscriberAsync(_db.Database, $"s{Guid.NewGuid():N}@example.org");
        var alert = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, filter, minUpvotes);
        await using var connection = await _db.Database.OpenAsync();
        await connection.ExecuteAsync("UPDATE alerts SET similar_to = @json, version = 2 WHERE id = @alert", new { json = similar.ToJson(), alert });
        return alert;
    }

    [Fact]
    public async Task ANewPaperCloseToTheDescriptionIsMatchedOnceWithItsReason()
    {
        var alert = await AddSimilarAlertAsync(new SimilarAlert(Wheat + ". " + WheatAbstract, [], 0.8));
        await Service().RunAsync(CancellationToken.None);
        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract), Paper("2611.00002", Speech, SpeechAbstract));

        var first = await Service().RunAsync(CancellationToken.None);
        var second = await Service().RunAsync(CancellationToken.None);
        var stored = await _matches.GetMatchesForAlertAsync(alert);

        var match = Assert.Single(stored);
        Assert.Equal("2611.00001", match.PaperId);
        Assert.Equal("close to your description", Assert.Single(match.Hits).Term);
        Assert.InRange(match.Relevance, 0.99, 1.001);
        Assert.Equal((1, 0), (first.MatchesAdded, second.MatchesAdded));
    }

    [Fact]
    public async Task AnExampleFindsItsNearTwinButNotItselfAndTheReasonNamesIt()
    {
        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract));
        var alert = await AddSimilarAlertAsync(new SimilarAlert(null, ["2611.00001"], 0.8));
        await Service().RunAsync(CancellationToken.None);
        await IngestAsync(Paper("2611.00003", Wheat + " revisited", WheatAbstract), Paper("2611.00002", Speech, SpeechAbstract));

        await Service().RunAsync(CancellationToken.None);

        var match = Assert.Single(await _matches.GetMatchesForAlertAsync(alert));
        Assert.Equal("2611.00003", match.PaperId);
        Assert.Equal($"close to “{Wheat}”", Assert.Single(match.Hits).Term);
    }

    [Fact]
    public async Task AConfirmedAlertIsBackFilledWithRecentPapersItWouldHaveCaught()
    {
        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract), Paper("2611.00002", Speech, SpeechAbstract));
        await Service().RunAsync(CancellationToken.None); // the watermark passes both papers before the alert exists

        var alert = await AddSimilarAlertAsync(new SimilarAlert(Speech + " " + SpeechAbstract, [], 0.8));
        var run = await Service().RunAsync(CancellationToken.None);

        Assert.Equal(1, run.Backfilled);
        Assert.Equal(["2611.00002"], (await _matches.GetMatchesForAlertAsync(alert)).Select(m => m.PaperId));
    }

    [Fact]
    public async Task TheKeywordFilterAndMinimumUpvotesApplyAsForOtherAlerts()
    {
        var filtered = await AddSimilarAlertAsync(new SimilarAlert(Wheat, [], 0.5), filter: "satellite");
        var filteredOut = await AddSimilarAlertAsync(new SimilarAlert(Wheat, [], 0.5), filter: "drones");
        var upvoted = await AddSimilarAlertAsync(new SimilarAlert(Wheat, [], 0.5), minUpvotes: 10);
        await Service().RunAsync(CancellationToken.None);
        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract, upvotes: 3));

        await Service().RunAsync(CancellationToken.None);

        Assert.Single(await _matches.GetMatchesForAlertAsync(filtered));
        Assert.Empty(await _matches.GetMatchesForAlertAsync(filteredOut));
        Assert.Empty(await _matches.GetMatchesForAlertAsync(upvoted));
    }

    [Fact]
    public async Task APaperIsEmbeddedAgainOnlyWhenItsTextChanges()
    {
        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract, upvotes: 1), Paper("2611.00002", Speech, SpeechAbstract));
        Assert.Equal(2, await Embedder().EmbedPendingAsync(100, CancellationToken.None));
        var afterFirst = _model.TextsEmbedded;

        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract, upvotes: 50)); // upvotes only
        await Embedder().EmbedPendingAsync(100, CancellationToken.None);
        var afterUpvotes = _model.TextsEmbedded;
        await IngestAsync(Paper("2611.00002", Speech, SpeechAbstract + " Now with a new section."));
        await Embedder().EmbedPendingAsync(100, CancellationToken.None);

        Assert.Equal(2, afterFirst);
        Assert.Equal(2, afterUpvotes);
        Assert.Equal(3, _model.TextsEmbedded);
        Assert.Equal((2L, 2L), await _semantic.CountAsync(_model.Model));
        Assert.Equal(0, await Embedder().EmbedPendingAsync(100, CancellationToken.None));
    }

    [Fact]
    public async Task KeywordAlertsAreNotDisturbedBySimilarAlertsWithoutAFilter()
    {
        var subscriber = await SubscriptionRows.AddSubscriberAsync(_db.Database, "kw@example.org");
        var keyword = await SubscriptionRows.AddAlertAsync(_db.Database, subscriber, "wheat");
        var similar = await AddSimilarAlertAsync(new SimilarAlert("speech on phones", [], 0.3));
        await Service().RunAsync(CancellationToken.None);
        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract), Paper("2611.00002", Speech, SpeechAbstract));

        await Service().RunAsync(CancellationToken.None);

        Assert.Equal(["2611.00001"], (await _matches.GetMatchesForAlertAsync(keyword)).Select(m => m.PaperId));
        Assert.Equal(["2611.00002"], (await _matches.GetMatchesForAlertAsync(similar)).Select(m => m.PaperId));
    }

    [Fact]
    public async Task AlertVectorsAreReadOnceWhileTheAlertsStayTheSameAndAgainAfterAnEdit()
    {
        var cache = new SemanticAlertCache();
        var alert = await AddSimilarAlertAsync(new SimilarAlert(Wheat + ". " + WheatAbstract, [], 0.8));
        await Service(cache).RunAsync(CancellationToken.None); // reads the new alert and back-fills it
        await Service(cache).RunAsync(CancellationToken.None); // the back-fill moved the alert's row: read once more
        var afterSettling = cache.Builds;
        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract), Paper("2611.00002", Speech, SpeechAbstract));

        await Service(cache).RunAsync(CancellationToken.None);
        await Service(cache).RunAsync(CancellationToken.None);
        var whileUnchanged = cache.Builds;
        await using (var connection = await _db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE alerts SET similar_to = @json, version = 3 WHERE id = @alert",
                new { json = new SimilarAlert(Speech + ". " + SpeechAbstract, [], 0.8).ToJson(), alert });
        }
        await IngestAsync(Paper("2611.00003", Speech + " again", SpeechAbstract));
        await Service(cache).RunAsync(CancellationToken.None);

        Assert.Equal(2, afterSettling);
        Assert.Equal(2, whileUnchanged);
        Assert.Equal(3, cache.Builds);
        // Matched with the vector held between runs, then with the edited alert's new one (and its back-fill).
        Assert.Equal(["2611.00001", "2611.00002", "2611.00003"], (await _matches.GetMatchesForAlertAsync(alert)).Select(m => m.PaperId));
    }

    [Fact]
    public async Task AKeptAlertWaitingForItsExamplePaperIsMatchedOnceThePaperArrives()
    {
        var cache = new SemanticAlertCache();
        var alert = await AddSimilarAlertAsync(new SimilarAlert(null, ["2611.00001"], 0.8));
        await Service(cache).RunAsync(CancellationToken.None); // the example is not known yet: no vector

        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract), Paper("2611.00003", Wheat + " revisited", WheatAbstract));
        await Service(cache).RunAsync(CancellationToken.None);

        Assert.Equal(["2611.00003"], (await _matches.GetMatchesForAlertAsync(alert)).Select(m => m.PaperId));
    }
}
