using PaperMail.Core.Ingestion;

using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion;

[Collection(nameof(AppCollection))]
public class HttpSourceIngestionTests
{
    private static readonly string[] RecordedHfDays =
        ["2024-05-27", "2024-08-14", "2024-10-10", "2024-11-01", "2024-12-06", "2025-02-20", "2025-03-31", "2025-11-20", "2026-08-21"];

    private static DateTimeOffset Day(string day) => DateTimeOffset.Parse(day + "T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheNineRecordedHuggingFaceDaysGive169Papers()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "hf", "HuggingFaceDaily", server.Url("hf/daily_papers").ToString())
            .With("PaperMail:Sources:0:LookbackDays", "1"), now: Day("2024-01-01"));

        var news = 0;
        foreach (var day in RecordedHfDays)
        {
            bed.Clock.SetUtcNow(Day(day));
            var run = Assert.Single(await bed.IngestAsync());
            Assert.Null(run.Error);
            Assert.Equal(0, run.Skipped);
            news += run.New;
        }

        Assert.Equal(169, news);
        Assert.Equal(169, await bed.Papers.CountAsync());
        var longWriter = await bed.Papers.GetAsync("2408.07055");
        Assert.NotNull(longWriter);
        Assert.Equal(new DateOnly(2024, 8, 14), longWriter.ListedOn);
        Assert.DoesNotContain('\n', longWriter.Title);
    }

    [Fact]
    public async Task LookbackAsksForEveryDayUpToTodayInUtc()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "hf", "HuggingFaceDaily", server.Url("hf/daily_papers").ToString()),
            now: new DateTimeOffset(2024, 8, 16, 23, 30, 0, TimeSpan.FromHours(-5))); // already the 17th in UTC

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Equal(
            ["/hf/daily_papers?date=2024-08-17", "/hf/daily_papers?date=2024-08-16", "/hf/daily_papers?date=2024-08-15"],
            bed.Server.Requests);
        Assert.Equal(0, run.New);
    }

    [Fact]
    public async Task IngestingTheSameDayTwiceIsANoOp()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "hf", "HuggingFaceDaily", server.Url("hf/daily_papers").ToString())
            .With("PaperMail:Sources:0:LookbackDays", "1"), now: Day("2024-10-10"));

        var first = Assert.Single(await bed.IngestAsync());
        var before = await bed.Papers.GetChangedAfterAsync(0, 1000);
        var second = Assert.Single(await bed.IngestAsync());
        var after = await bed.Papers.GetChangedAfterAsync(0, 1000);

        Assert.Equal(46, first.New);
        Assert.Equal((0, 0, 46), (second.New, second.Changed, second.Unchanged));
        Assert.Equal(before.Select(p => (p.Id, p.ChangeSeq, p.ChangedAt)), after.Select(p => (p.Id, p.ChangeSeq, p.ChangedAt)));
    }

    [Fact]
    public async Task ArxivApiFeedsIngestAndAnErrorFeedIsRecordedWithoutStoppingTheOthers()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "bad-query", "ArxivApi", server.Url("status/400/arxiv-api-2026-id_list-abc-error-http400.xml").ToString())
            .WithSource(1, "search", "ArxivApi", server.Url("files/arxiv-api-2026-search-all_testing-start0-max10.xml").ToString())
            .WithSource(2, "old-id", "ArxivApi", server.Url("files/arxiv-api-2026-id_list-astro-ph_0601001-oldstyle-id.xml").ToString())
            .WithSource(3, "legacy", "ArxivApi", server.Url("files/arxiv-api-legacy2016-search-au_del_maestro.xml").ToString())
            .WithSource(4, "empty", "ArxivApi", server.Url("files/arxiv-api-2026-id_list-0000.0000-empty.xml").ToString())
            .WithSource(5, "two-ids", "ArxivApi", server.Url("files/arxiv-api-2026-id_list-0808.05394_1707.08567.xml").ToString()));

        var runs = (await bed.IngestAsync()).ToDictionary(r => r.Source);

        Assert.Contains("HTTP 400", runs["bad-query"].Error);
        Assert.Contains("incorrect id format for abc", runs["bad-query"].Error);
        Assert.Equal(10, runs["search"].New);
        Assert.Equal(1, runs["old-id"].New);
        Assert.NotNull(await bed.Papers.GetAsync("astro-ph/0601001"));
        Assert.True(runs["legacy"].New > 0);
        Assert.Equal((0, (string?)null), (runs["empty"].Fetched, runs["empty"].Error));
        Assert.Equal(1, runs["two-ids"].New);
        var paper = await bed.Papers.GetAsync("1707.08567");
        Assert.NotNull(paper);
        Assert.NotEmpty(paper.Authors);
        Assert.NotEmpty(paper.Categories);
    }

    [Fact]
    public async Task ArxivRssNewAndCrossItemsAreNewWhileReplacementsOfUnknownPapersAreIgnored()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "rss", "ArxivRss", server.Url("files/arxiv-rss-2024-11-28-all-archives-full.xml").ToString())
            .WithSource(1, "rss-empty", "ArxivRss", server.Url("files/arxiv-rss-2024-11-28-empty-test-archive.xml").ToString())
            .WithSource(2, "rss-error", "ArxivRss", server.Url("files/arxiv-rss-2024-11-28-error-bad-archive.xml").ToString()));

        var runs = (await bed.IngestAsync()).ToDictionary(r => r.Source);

        Assert.Equal(1504, runs["rss"].Fetched);
        Assert.Equal(926 + 9, runs["rss"].New);
        Assert.Equal(569, runs["rss"].Ignored);
        Assert.Null(runs["rss"].Error);
        Assert.Equal((0, (string?)null), (runs["rss-empty"].Fetched, runs["rss-empty"].Error));
        Assert.Contains("Bad archive 'astroph'", runs["rss-error"].Error);
    }

    [Fact]
    public async Task APaperSeenOnHuggingFaceAndInArxivRssIsOneRowThatDoesNotLookNew()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "hf", "HuggingFaceDaily", server.Url("hf/daily_papers").ToString())
            .With("PaperMail:Sources:0:LookbackDays", "1")
            .WithSource(1, "rss", "ArxivRss", server.Url("files/arxiv-rss-2024-11-28-all-archives-full.xml").ToString()),
            now: Day("2024-10-10"));
        var first = await bed.IngestAsync();
        var before = (await bed.Papers.GetAsync("2410.05295"))!; // AutoDAN-Turbo: on HF that day, a "replace" in the RSS feed

        bed.Clock.SetUtcNow(Day("2024-11-28"));
        await bed.IngestAsync();
        var after = (await bed.Papers.GetAsync("2410.05295"))!;

        Assert.Equal(568, first.Single(r => r.Source == "rss").Ignored);
        Assert.Equal(["hf", "rss"], after.Sources);
        Assert.Equal(before.FirstSeenAt, after.FirstSeenAt);
        Assert.Equal(before.ListedOn, after.ListedOn);
    }

    [Fact]
    public async Task AServerErrorOrATimeoutIsRecordedAndTheOtherSourcesStillIngest()
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .With("PaperMail:Http:TimeoutSeconds", "1")
            .WithSource(0, "broken", "ArxivApi", server.Url("status/500/arxiv-api-2026-id_list-1605.08386.xml").ToString())
            .WithSource(1, "stalled", "ArxivRss", server.Url("stall").ToString())
            .WithSource(2, "flaky", "ArxivApi", server.Url("flaky/arxiv-api-2026-id_list-1605.08386.xml").ToString())
            .WithSource(3, "good", "ArxivRss", server.Url("files/arxiv-rss-2024-11-28-cs.CL-items-EXCERPT.xml").ToString()));

        var runs = (await bed.IngestAsync()).ToDictionary(r => r.Source);

        Assert.Contains("HTTP 500", runs["broken"].Error);
        Assert.Contains("timed out", runs["stalled"].Error);
        Assert.Null(runs["flaky"].Error); // a 503 is retried
        Assert.Equal(1, runs["flaky"].New);
        Assert.Null(runs["good"].Error);
        Assert.Equal(52, runs["good"].New);
        Assert.All(runs.Values, r => Assert.NotNull(r.FinishedAt));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    public async Task ArxivAnsweringRequestTimeoutOrTooManyRequestsIsAskedAgain(int status)
    {
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "arxiv", "ArxivApi", server.Url($"flaky/{status}/arxiv-api-2026-id_list-1605.08386.xml").ToString()));

        var run = Assert.Single(await bed.IngestAsync());

        Assert.Null(run.Error);
        Assert.Equal(1, run.New);
        Assert.Equal(2, bed.Server.Requests.Count(r => r.StartsWith($"/flaky/{status}/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AHostileOrOversizedDocumentIsRefusedAndTheGoodItemsOfTheRunAreKept()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id><title>&xxe;</title></entry></feed>
            """;
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .With("PaperMail:Http:MaxResponseMegabytes", "1")
            .WithSource(0, "xxe", "ArxivApi", server.Url("body/xxe").ToString())
            .WithSource(1, "huge", "ArxivRss", server.Url("files/arxiv-rss-2024-11-28-all-archives-full.xml").ToString())
            .WithSource(2, "good", "ArxivApi", server.Url("files/arxiv-api-2026-id_list-1605.08386.xml").ToString()));
        bed.Server.Bodies["xxe"] = xxe;

        var runs = (await bed.IngestAsync()).ToDictionary(r => r.Source);

        Assert.Equal((0, 1), (runs["xxe"].New, runs["xxe"].Skipped));
        Assert.Null(await bed.Papers.GetAsync("2401.00001"));
        Assert.Contains("larger than 1 MB", runs["huge"].Error);
        Assert.Equal(1, runs["good"].New);
    }
}
