using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Job;

namespace PaperMail.Tests.MatchJob;

/// <summary>The match job's index is kept between runs and follows the active alerts exactly.</summary>
public class PercolatorCacheTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
    private int _fromScratch;

    private static readonly MatchablePaper Paper = MatchablePaper.From(new PaperMail.Core.Papers.Paper
    {
        Id = "2601.00001",
        Title = "Multilingual retrieval with long context",
        Abstract = "Sparse retrieval across many languages.",
    });

    private static ActiveAlert Alert(long id, string query, int version = 1, int? minUpvotes = null) =>
        new(id, 1, query, minUpvotes, version, version);

    private Task<DocumentFrequencies> Frequencies(CancellationToken ct)
    {
        _fromScratch++;
        return Task.FromResult(DocumentFrequencies.Empty);
    }

    private PercolatorCache NewCache() => new(_clock, NullLogger<PercolatorCache>.Instance);

    private static long[] Matched(Percolator percolator) => [.. percolator.Match(Paper).Select(m => m.AlertId).Order()];

    [Fact]
    public async Task UnchangedAlertsReuseTheSameIndex()
    {
        var cache = NewCache();
        List<ActiveAlert> alerts = [Alert(1, "multilingual"), Alert(2, "\"long context\"")];

        var first = await cache.GetAsync(alerts, Frequencies, CancellationToken.None);
        var second = await cache.GetAsync([.. alerts], Frequencies, CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(1, _fromScratch);
        Assert.Equal([1L, 2L], Matched(second));
    }

    [Fact]
    public async Task EditedRemovedAndNewAlertsAreAppliedWithoutABuildFromScratch()
    {
        var cache = NewCache();
        var alerts = Enumerable.Range(1, 20).Select(i => Alert(i, i % 2 == 0 ? "multilingual" : "robotics")).ToList();
        var before = await cache.GetAsync(alerts, Frequencies, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => 2L * i), Matched(before));

        alerts[0] = Alert(1, "sparse retrieval", version: 2);  // now matches
        alerts[1] = Alert(2, "robotics", version: 2);          // no longer matches
        alerts.RemoveAt(3);                                    // alert 4 paused or removed
        alerts.Add(Alert(21, "\"long context\""));
        var after = await cache.GetAsync(alerts, Frequencies, CancellationToken.None);

        Assert.Equal(1, _fromScratch);
        Assert.Equal([1L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 21L], Matched(after));
        Assert.Equal(alerts.Count, after.AlertCount);
        Assert.Equal(after.MatchBruteForce(Paper).Select(m => m.AlertId).Order(), Matched(after));
        // The percolator handed out before stays as it was: a run in progress is never changed under it.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => 2L * i), Matched(before));
    }

    [Fact]
    public async Task AChangedMinimumOrADirectQueryEditWithoutNewVersionIsNoticed()
    {
        var cache = NewCache();
        await cache.GetAsync([Alert(1, "multilingual"), Alert(2, "multilingual")], Frequencies, CancellationToken.None);

        var after = await cache.GetAsync([Alert(1, "multilingual", minUpvotes: 5), Alert(2, "robotics")], Frequencies, CancellationToken.None);

        Assert.Empty(Matched(after));
    }

    [Fact]
    public async Task ManyRetiredAlertsOrADayOldIndexAreRebuiltFromScratch()
    {
        var cache = NewCache();
        var alerts = Enumerable.Range(1, 10).Select(i => Alert(i, "multilingual")).ToList();
        await cache.GetAsync(alerts, Frequencies, CancellationToken.None);

        await cache.GetAsync(alerts.Skip(1).ToList(), Frequencies, CancellationToken.None);  // 1 of 10 retired: kept
        Assert.Equal(1, _fromScratch);
        var rebuilt = await cache.GetAsync(alerts.Skip(5).ToList(), Frequencies, CancellationToken.None);  // 5 of 10: rebuilt
        Assert.Equal(2, _fromScratch);
        Assert.Equal([6L, 7L, 8L, 9L, 10L], Matched(rebuilt));

        _clock.Advance(PercolatorCache.MaxAge + TimeSpan.FromMinutes(1));
        await cache.GetAsync(alerts.Skip(5).ToList(), Frequencies, CancellationToken.None);
        Assert.Equal(3, _fromScratch);
    }

    [Fact]
    public async Task AnAlertThatNoLongerParsesIsLeftOutAndTheOthersStillMatch()
    {
        var cache = NewCache();

        var percolator = await cache.GetAsync([Alert(1, "\"unclosed"), Alert(2, "multilingual")], Frequencies, CancellationToken.None);

        Assert.Equal([2L], Matched(percolator));
        Assert.Same(percolator, await cache.GetAsync([Alert(1, "\"unclosed"), Alert(2, "multilingual")], Frequencies, CancellationToken.None));
    }
}
