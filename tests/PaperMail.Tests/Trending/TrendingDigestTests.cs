using PaperMail.Tests.Support;

namespace PaperMail.Tests.Trending;

/// <summary>
/// Top-papers digests through the real path: recorded Hugging Face days served over HTTP, ingestion, the digest job and
/// a real SMTP server. Expected ranks come from the recorded upvotes, read off the fixture files by hand:
/// 2024-10-10 has 2410.05254 and 2410.07113 at 54 (07113 published later), then 2410.07171 (35), 2410.05993 (33),
/// 2410.05363 (31), 2410.07167 and 2410.07073 at 29 (07167 published later); 2024-11-01 has 2410.22366 (28),
/// 2410.23743 (24), 2410.22476 (15), 2410.23933 (12), 2410.24175 (11).
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class TrendingDigestTests
{
    private static readonly DateTimeOffset Oct11At0800 = new(2024, 10, 11, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ADailyTopDigestRanksYesterdaysPapersByUpvotesTheNewerFirstOnATie()
    {
        await using var bed = await TrendingTestBed.StartAsync(Oct11At0800);
        await bed.IngestAsync();
        var reader = await bed.AddReaderAsync("reader@example.org");
        await bed.AddTopAlertAsync(reader, 5);

        var run = await bed.RunDigestsAsync();
        var mail = await bed.Smtp.NextAsync();

        Assert.Equal((1, 1), (run.Planned, run.Sent));
        Assert.Equal(
            [
                ("2410.07113", "#1 of the day, 54 upvotes"),
                ("2410.05254", "#2 of the day, 54 upvotes"),
                ("2410.07171", "#3 of the day, 35 upvotes"),
                ("2410.05993", "#4 of the day, 33 upvotes"),
                ("2410.05363", "#5 of the day, 31 upvotes"),
            ],
            TrendingTestBed.PapersOf(mail));
        Assert.Equal("5 new papers for top 5 papers", mail.Subject);
        Assert.Contains("<strong>#1 of the day, 54 upvotes</strong>", mail.HtmlBody);
        Assert.Contains("Browse today's papers: http://localhost/papers", mail.TextBody);
        Assert.Contains("href=\"http://localhost/papers\"", mail.HtmlBody);
    }

    [Fact]
    public async Task UpvotesThatGrewBetweenTwoIngestsBeforeTheSendHourDecideTheRanking()
    {
        await using var bed = await TrendingTestBed.StartAsync(Oct11At0800.AddHours(-2));
        await bed.IngestAsync();
        var reader = await bed.AddReaderAsync("reader@example.org");
        await bed.AddTopAlertAsync(reader, 3);
        Assert.Equal(0, (await bed.RunDigestsAsync()).Planned);

        // Falcon Mamba (12 upvotes when first read) climbs to 60 before the digest is built.
        bed.ServeDayWithUpvotes("2024-10-10", new Dictionary<string, int> { ["2410.05355"] = 60 });
        bed.Clock.Advance(TimeSpan.FromHours(1));
        await bed.IngestAsync();
        bed.Clock.Advance(TimeSpan.FromHours(1));
        await bed.RunDigestsAsync();
        var mail = await bed.Smtp.NextAsync();

        Assert.Equal(
            [("2410.05355", "#1 of the day, 60 upvotes"), ("2410.07113", "#2 of the day, 54 upvotes"), ("2410.05254", "#3 of the day, 54 upvotes")],
            TrendingTestBed.PapersOf(mail));
    }

    [Fact]
    public async Task APaperListedOnTwoDaysCountsForItsFirstDayAndReachesTheReaderOnce()
    {
        await using var bed = await TrendingTestBed.StartAsync(Oct11At0800);
        // 11 October lists the papers of 1 November's recording and, again, Personalized Visual Instruction Tuning.
        bed.ServeDayFrom("2024-10-11", ("2024-11-01", []), ("2024-10-10", ["2410.07113"]));
        await bed.IngestAsync();
        var reader = await bed.AddReaderAsync("reader@example.org");
        await bed.AddTopAlertAsync(reader, 5);

        await bed.RunDigestsAsync();
        var first = TrendingTestBed.PapersOf(await bed.Smtp.NextAsync());
        bed.Clock.Advance(TimeSpan.FromDays(1));
        await bed.IngestAsync();
        await bed.RunDigestsAsync();
        var second = TrendingTestBed.PapersOf(await bed.Smtp.NextAsync());

        Assert.Equal(("2410.07113", "#1 of the day, 54 upvotes"), first[0]);
        Assert.Equal(["2410.22366", "2410.23743", "2410.22476", "2410.23933", "2410.24175"], second.Select(p => p.Id));
        Assert.Equal("#1 of the day, 28 upvotes", second[0].Why);
    }

    [Fact]
    public async Task ATopPickAQueryAlertAlsoMatchedIsListedOnceWithBothReasons()
    {
        await using var bed = await TrendingTestBed.StartAsync(Oct11At0800);
        await bed.IngestAsync();
        var reader = await bed.AddReaderAsync("reader@example.org");
        await bed.AddTopAlertAsync(reader, 5);
        await SubscriptionRows.AddAlertAsync(bed.Database, reader, "title:aria");
        await bed.MatchAsync();

        var run = await bed.RunDigestsAsync();
        var papers = TrendingTestBed.PapersOf(await bed.Smtp.NextAsync());

        Assert.Equal(1, run.Sent);
        Assert.Equal(5, papers.Count);
        Assert.Equal(papers.Count, papers.Select(p => p.Id).Distinct().Count());
        Assert.Equal("#4 of the day, 33 upvotes; title:aria (matched title:aria)", papers.Single(p => p.Id == "2410.05993").Why);
    }

    [Fact]
    public async Task APaperAQueryAlertMailedIsNotMailedAgainByATopAlert()
    {
        // 10 October: the query alert mails Pixtral 12B the day it is listed.
        await using var bed = await TrendingTestBed.StartAsync(Oct11At0800.AddDays(-1), lookbackDays: 1);
        await bed.IngestAsync();
        var reader = await bed.AddReaderAsync("reader@example.org");
        await SubscriptionRows.AddAlertAsync(bed.Database, reader, "title:pixtral");
        await bed.MatchAsync();
        await bed.RunDigestsAsync();
        Assert.Equal(["2410.07073"], TrendingTestBed.PapersOf(await bed.Smtp.NextAsync()).Select(p => p.Id));

        // 11 October: Pixtral is #7 of 10 October, but that address has it already.
        await bed.AddTopAlertAsync(reader, 10);
        bed.Clock.Advance(TimeSpan.FromDays(1));
        await bed.RunDigestsAsync();
        var papers = TrendingTestBed.PapersOf(await bed.Smtp.NextAsync());

        Assert.Equal(9, papers.Count);
        Assert.DoesNotContain(papers, p => p.Id == "2410.07073");
        Assert.Equal(("2410.07167", "#6 of the day, 29 upvotes"), papers[5]);
        Assert.Equal("#8 of the day", papers[6].Why[..13]);
    }

    [Fact]
    public async Task ATopAlertWithAFilterAndAMinimumTakesTheBestMatchesAndKeepsTheirDayRank()
    {
        await using var bed = await TrendingTestBed.StartAsync(Oct11At0800);
        await bed.IngestAsync();
        var reader = await bed.AddReaderAsync("reader@example.org");
        await bed.AddTopAlertAsync(reader, 5, "multimodal", minUpvotes: 30);

        await bed.RunDigestsAsync();
        var mail = await bed.Smtp.NextAsync();

        // Of the five papers with 30 upvotes or more, the abstracts of 2410.07113 and Aria say "multimodal".
        Assert.Equal([("2410.07113", "#1 of the day, 54 upvotes"), ("2410.05993", "#4 of the day, 33 upvotes")], TrendingTestBed.PapersOf(mail));
        Assert.Equal("2 new papers for top 5 papers about multimodal", mail.Subject);
    }

    [Fact]
    public async Task AWeeklyTopDigestRanksTheSevenDaysBeforeItsSendDay()
    {
        // Monday 14 October 2024 (ISO week 42, the default weekly send day) ranks 7–13 October: 10 October's papers, not
        // those listed on the send day itself (served here with 1 November's recording).
        await using var bed = await TrendingTestBed.StartAsync(new DateTimeOffset(2024, 10, 14, 8, 0, 0, TimeSpan.Zero), lookbackDays: 8);
        bed.ServeDayFrom("2024-10-14", ("2024-11-01", []));
        await bed.IngestAsync();
        var reader = await bed.AddReaderAsync("reader@example.org", frequency: "weekly");
        await bed.AddTopAlertAsync(reader, 3);

        await bed.RunDigestsAsync();
        var mail = await bed.Smtp.NextAsync();

        Assert.Equal(
            [("2410.07113", "#1 of the week, 54 upvotes"), ("2410.05254", "#2 of the week, 54 upvotes"), ("2410.07171", "#3 of the week, 35 upvotes")],
            TrendingTestBed.PapersOf(mail));
    }
}
