using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Semantic;
using PaperMail.Core.Subscriptions;
using PaperMail.Tests.Semantic;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.StoreContract;

/// <summary>
/// Similar-papers alerts over each provider's stores: the semantic store's vectors and alert rows, the subscription,
/// match and digest stores' part in them, and the match job end to end with the deterministic bag-of-words embedder
/// (the model is not under test). Same tests, one derived class per provider.
/// </summary>
public abstract class SemanticStoreContractTests : IAsyncLifetime
{
    private const string Wheat = "Wheat yield forecasting from satellite images";
    private const string WheatAbstract = "We forecast wheat yield for farms from multispectral satellite images with a crop growth model.";
    private const string Speech = "Streaming speech recognition on phones";
    private const string SpeechAbstract = "A small streaming recogniser transcribes speech on phones with low latency and no server.";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeTextEmbedder _model = new();
    private StoreWorld _world = null!;
    private ISemanticStore _semantic = null!;

    protected abstract Task<StoreWorld> CreateWorldAsync();

    public async Task InitializeAsync()
    {
        _world = await CreateWorldAsync();
        _semantic = _world.Store<ISemanticStore>();
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private Task IngestAsync(params IncomingPaper[] papers) => _world.Papers.UpsertAsync("test", papers, _clock.GetUtcNow());

    private static IncomingPaper Paper(string id, string title, string abstractText, int? upvotes = null) =>
        new() { Id = id, Title = title, Abstract = abstractText, Upvotes = upvotes, Authors = ["A. Author"] };

    private PaperEmbedder Embedder() => new(_semantic, _model, Options.Create(new SemanticOptions { Enabled = true, BatchSize = 4 }), _clock, NullLogger<PaperEmbedder>.Instance);

    private MatchingService Service()
    {
        var embedder = Embedder();
        var alerts = new SimilarAlertEmbedder(embedder, _model, _world.Papers, NullLogger<SimilarAlertEmbedder>.Instance);
        var semantic = new SemanticMatcher(_semantic, embedder, alerts, _world.Papers, NullLogger<SemanticMatcher>.Instance);
        return new MatchingService(_world.Matches, _world.Papers, new PercolatorCache(_clock, NullLogger<PercolatorCache>.Instance),
            Options.Create(new MatchingOptions()), _clock, NullLogger<MatchingService>.Instance, semantic);
    }

    private async Task<(long Subscriber, long Alert)> AddSimilarAlertAsync(SimilarAlert similar, string email, string filter = "")
    {
        var subscriber = await _world.AddSubscriberAsync(email);
        var alert = await _world.AddAlertAsync(subscriber, filter);
        await using var connection = await _world.OpenAsync();
        await connection.ExecuteAsync("UPDATE alerts SET similar_to = @json, version = 2 WHERE id = @alert", new { json = similar.ToJson(), alert });
        return (subscriber, alert);
    }

    [Fact]
    public async Task VectorsAreStoredByteForByteAndAPaperIsPendingUntilEmbeddedForItsCurrentText()
    {
        await IngestAsync(Paper("p1", Wheat, WheatAbstract), Paper("p2", Speech, SpeechAbstract));
        var pending = await _semantic.GetPendingPapersAsync("m1", 10);
        Assert.Equal(["p2", "p1"], pending.Select(p => p.Id)); // newest change first
        Assert.All(pending, p => Assert.Null(p.StoredHash));
        var seq = pending.ToDictionary(p => p.Id, p => p.ChangeSeq);
        byte[] v1 = [0, 0, 128, 63, 1, 255, 127, 128], v2 = [0, 0, 0, 64, 0, 1, 2, 3];

        await _semantic.SaveEmbeddingsAsync("m1", [("p1", seq["p1"], "h1", v1), ("p2", seq["p2"], "h2", v2), ("gone", 1, "h3", v1)], _clock.GetUtcNow());

        Assert.Empty(await _semantic.GetPendingPapersAsync("m1", 10));
        Assert.Equal((2L, 2L), await _semantic.CountAsync("m1"));
        var stored = await _semantic.GetEmbeddingsAsync("m1", ["p1", "p2", "gone"]);
        Assert.Equal(["p1", "p2"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("h1", stored["p1"].TextHash);
        Assert.Equal(v1, stored["p1"].Vector);
        Assert.Equal(v2, stored["p2"].Vector);
        // Another model's vectors are no use: every paper is pending for it, and its hash does not count.
        Assert.Equal(2, (await _semantic.GetPendingPapersAsync("m2", 10)).Count);
        Assert.Empty(await _semantic.GetEmbeddingsAsync("m2", ["p1"]));

        await IngestAsync(Paper("p1", Wheat, WheatAbstract, upvotes: 7)); // any change has the paper looked at again
        var again = Assert.Single(await _semantic.GetPendingPapersAsync("m1", 10));
        Assert.Equal(("p1", "h1"), (again.Id, again.StoredHash));
        Assert.Equal((1L, 2L), await _semantic.CountAsync("m1"));
        // A late save from an older read keeps the newer watermark.
        await _semantic.SaveEmbeddingsAsync("m1", [("p1", again.ChangeSeq, "h1", v1)], _clock.GetUtcNow());
        await _semantic.SaveEmbeddingsAsync("m1", [("p1", seq["p1"], "h1", v1)], _clock.GetUtcNow());
        Assert.Empty(await _semantic.GetPendingPapersAsync("m1", 10));
    }

    [Fact]
    public async Task ASimilarAlertIsKeptWithItsSpecListedForTheMatcherAndLeftOutOfTheKeywordAlerts()
    {
        var spec = new SimilarAlert("crop yield from satellites", ["2611.00001"], 0.6);
        var email = EmailAddress.TryParse("ana@example.org", out _)!;
        await _world.Subscriptions.RequestConfirmationAsync(new SubscriptionRequest(email, null, DigestFrequency.Daily, null, Similar: spec), "hash-1", _clock.GetUtcNow(), 3);
        var confirmed = await _world.Subscriptions.ConfirmAsync("hash-1", _clock.GetUtcNow());
        var keywordSubscriber = await _world.AddSubscriberAsync("kw@example.org");
        var keyword = await _world.AddAlertAsync(keywordSubscriber, "wheat");

        var similar = confirmed!.Alert;
        Assert.Equal(("", "crop yield from satellites", 0.6), (similar.Query, similar.Similar!.Description, similar.Similar.Threshold));
        Assert.Equal(["2611.00001"], similar.Similar.Examples);
        Assert.Equal([keyword], (await _world.Matches.GetActiveAlertsAsync()).Select(a => a.Id));
        var listed = Assert.Single(await _semantic.GetActiveAlertsAsync());
        Assert.Equal((similar.Id, spec.Description, (AlertEmbedding?)null), (listed.Id, listed.Spec.Description, listed.Embedding));

        byte[] combined = [0, 0, 128, 63, 5, 250], part = [0, 0, 128, 63, 9, 8];
        await _semantic.SaveAlertEmbeddingAsync(similar.Id, new AlertEmbedding(4, "m1", combined, [new AlertPart("close to your description", part)]));
        await _semantic.SaveAlertEmbeddingAsync(similar.Id, new AlertEmbedding(5, "m1", combined, [new AlertPart("close to your description", part)]));
        await _semantic.SaveAlertEmbeddingAsync(99999, new AlertEmbedding(1, "m1", combined, [])); // no such alert: skipped

        var embedding = Assert.Single(await _semantic.GetActiveAlertsAsync()).Embedding!;
        Assert.Equal((5, "m1"), (embedding.Version, embedding.Model));
        Assert.Equal(combined, embedding.Vector);
        var storedPart = Assert.Single(embedding.Parts);
        Assert.Equal("close to your description", storedPart.Reason);
        Assert.Equal(part, storedPart.Vector);
        await using var connection = await _world.OpenAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alert_embeddings"));
    }

    [Fact]
    public async Task EditingASimilarAlertKeepsItsVectorOnlyWhileItsTextIsTheSame()
    {
        var (subscriber, alert) = await AddSimilarAlertAsync(new SimilarAlert("crop yield", ["2611.00001"], 0.6), "ana@example.org");
        var other = await _world.AddSubscriberAsync("kw@example.org");
        var keyword = await _world.AddAlertAsync(other, "wheat");
        byte[] vector = [0, 0, 128, 63, 5, 250];
        await _semantic.SaveAlertEmbeddingAsync(alert, new AlertEmbedding(2, "m1", vector, []));

        var closer = await _semantic.UpdateSimilarAlertAsync(subscriber, alert, new SimilarAlert("crop yield", ["2611.00001"], 0.75), "wheat", 4, _clock.GetUtcNow());
        var afterCloser = Assert.Single(await _semantic.GetActiveAlertsAsync());
        var reworded = await _semantic.UpdateSimilarAlertAsync(subscriber, alert, new SimilarAlert("crop yield from space", ["2611.00001"], 0.75), "wheat", 4, _clock.GetUtcNow());
        var afterReworded = Assert.Single(await _semantic.GetActiveAlertsAsync());
        var notTheirs = await _semantic.UpdateSimilarAlertAsync(other, alert, new SimilarAlert("x", [], 0.5), "", null, _clock.GetUtcNow());
        var notSimilar = await _semantic.UpdateSimilarAlertAsync(other, keyword, new SimilarAlert("x", [], 0.5), "", null, _clock.GetUtcNow());

        Assert.True(closer);
        Assert.Equal((3, 0.75, "wheat", (int?)4), (afterCloser.Version, afterCloser.Spec.Threshold, afterCloser.Filter, afterCloser.MinUpvotes));
        Assert.Equal(3, afterCloser.Embedding!.Version);
        Assert.Equal(vector, afterCloser.Embedding.Vector);
        Assert.True(reworded);
        Assert.Equal((4, "crop yield from space"), (afterReworded.Version, afterReworded.Spec.Description));
        Assert.Equal(3, afterReworded.Embedding!.Version); // left behind: the match job works it out again
        Assert.False(notTheirs);
        Assert.False(notSimilar);
        Assert.Equal("crop yield from space", Assert.Single(await _semantic.GetActiveAlertsAsync()).Spec.Description);
    }

    [Fact]
    public async Task TheAlertsStampStaysWhileNothingChangesAndMovesWithEachChangeTheMatcherCaresAbout()
    {
        var (_, alert) = await AddSimilarAlertAsync(new SimilarAlert("wheat", [], 0.5), "ana@example.org");
        var (subscriber, _) = await AddSimilarAlertAsync(new SimilarAlert("speech", [], 0.5), "ben@example.org");
        var keywordSubscriber = await _world.AddSubscriberAsync("kw@example.org");
        await using var connection = await _world.OpenAsync();
        var stamps = new List<string> { await _semantic.GetActiveAlertsStampAsync() };
        async Task After(string sql)
        {
            await connection.ExecuteAsync(sql, new { alert, subscriber });
            stamps.Add(await _semantic.GetActiveAlertsStampAsync());
        }

        var unchanged = await _semantic.GetActiveAlertsStampAsync();
        await _world.AddAlertAsync(keywordSubscriber, "wheat"); // a keyword alert is not the matcher's
        var afterKeyword = await _semantic.GetActiveAlertsStampAsync();
        await _semantic.SaveAlertEmbeddingAsync(alert, new AlertEmbedding(2, "m1", [0, 0, 128, 63, 1], [])); // written by the matcher itself
        var afterEmbedding = await _semantic.GetActiveAlertsStampAsync();
        await After("UPDATE alerts SET backfilled_version = version WHERE id = @alert");
        await After("UPDATE alerts SET paused = 1, updated_at = updated_at + 1 WHERE id = @alert");
        await After("UPDATE alerts SET paused = 0, updated_at = updated_at + 2 WHERE id = @alert");
        await After("UPDATE alerts SET version = version + 1, updated_at = updated_at + 3 WHERE id = @alert");
        await After("UPDATE alerts SET similar_to = replace(similar_to, '0.5', '0.75') WHERE id = @alert");
        await After("UPDATE subscribers SET state = 'unsubscribed' WHERE id = @subscriber");

        Assert.Equal(stamps[0], unchanged);
        Assert.Equal(stamps[0], afterKeyword);
        Assert.Equal(stamps[0], afterEmbedding);
        // Each step leaves a different set of active alerts (the pause left only Ben's; the last step only Ana's).
        Assert.True(stamps.Count == stamps.Distinct().Count(), string.Join(" / ", stamps));
    }

    [Fact]
    public async Task TheDigestListsASimilarAlertsPapersClosestFirstAndLeavesTheKeywordAlertsOrder()
    {
        var (subscriber, similar) = await AddSimilarAlertAsync(new SimilarAlert("wheat yield forecasting from satellite images", [], 0.3), "ana@example.org");
        var keyword = await _world.AddAlertAsync(subscriber, "barley");
        await Service().RunAsync(CancellationToken.None);
        await IngestAsync(
            Paper("2611.00001", "Barley genomes", "We sequence barley.", upvotes: 50),
            Paper("2611.00002", "Wheat yield in dry years", "We study wheat yield.", upvotes: 40),
            Paper("2611.00003", "Barley in the cold", "Barley survives frost.", upvotes: 5),
            Paper("2611.00004", "Wheat yield forecasting from satellite images", "Forecasting wheat yield from satellite images.", upvotes: 1));

        await Service().RunAsync(CancellationToken.None);
        Assert.Equal(1, await _world.Digests.PlanAsync("2026-11-20", null, _clock.GetUtcNow()));
        var digest = Assert.Single(await _world.Digests.ClaimAsync(_clock.GetUtcNow(), _clock.GetUtcNow().AddMinutes(-10), 10));
        var content = new DigestComposer(Options.Create(new DigestOptions())).Compose(await _world.Digests.GetItemsAsync(digest.Id));

        // By upvotes alone the order would be 00001, 00002, 00003, 00004. The similar alert's two places (2nd, 4th) go
        // to its papers closest first: 00004 repeats the description (cosine 1), 00002 shares two of its words (≈ 0.45).
        // The keyword alert's papers keep theirs.
        Assert.Equal(["2611.00001", "2611.00004", "2611.00003", "2611.00002"], content.Papers.Select(p => p.Paper.Id));
        Assert.Equal([keyword, similar, keyword, similar], content.Papers.Select(p => Assert.Single(p.Alerts).Id));
    }

    [Fact]
    public async Task TheMatchJobMatchesANearPaperOnceAndTheDigestNamesTheSimilarAlert()
    {
        var (subscriber, alert) = await AddSimilarAlertAsync(new SimilarAlert("wheat yield from satellite images", [], 0.5), "ana@example.org");
        await Service().RunAsync(CancellationToken.None);
        await IngestAsync(Paper("2611.00001", Wheat, WheatAbstract), Paper("2611.00002", Speech, SpeechAbstract));

        var first = await Service().RunAsync(CancellationToken.None);
        var second = await Service().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first.MatchesAdded, second.MatchesAdded));
        var match = Assert.Single(await _world.Matches.GetMatchesForAlertAsync(alert));
        Assert.Equal(("2611.00001", "close to your description"), (match.PaperId, Assert.Single(match.Hits).Term));
        var (_, item) = Assert.Single(await _world.Digests.GetRecentMatchesAsync(subscriber, _clock.GetUtcNow().AddDays(-1), 10));
        Assert.Equal("papers like “wheat yield from satellite images”", item.SimilarLabel);
        Assert.Equal((2L, 2L), await _semantic.CountAsync(_model.Model));
    }
}

public sealed class SqliteSemanticStoreContractTests : SemanticStoreContractTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => SqliteWorld.CreateAsync();
}

[Collection(nameof(PostgresCollection))]
public sealed class PostgresSemanticStoreContractTests(PostgresCluster cluster) : SemanticStoreContractTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => PostgresWorld.CreateAsync(cluster);
}
