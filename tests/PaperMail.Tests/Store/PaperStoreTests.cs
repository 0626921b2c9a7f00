using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Store;

/// <summary>The paper store's contract, run against each provider (the derived classes below).</summary>
public abstract class PaperStoreTests
{
    protected abstract Task<StoreWorld> CreateWorldAsync();

    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static IncomingPaper LongWriter(int? upvotes = 32, string title = "LongWriter: Unleashing 10,000+ Word Generation from Long Context LLMs") => new()
    {
        Id = "2408.07055",
        Title = title,
        Abstract = "Current long context large language models (LLMs) can process inputs up to 100,000 tokens.",
        Authors = ["Yushi Bai", "Jiajie Zhang", "Xin Lv"],
        Upvotes = upvotes,
        ListedOn = new DateOnly(2024, 8, 14),
    };

    [Fact]
    public async Task NewPaperIsStoredWithEveryField()
    {
        await using var test = await CreateWorldAsync();
        var store = test.Papers;
        var incoming = LongWriter() with
        {
            Organization = new Organization("THUDM", "Knowledge Engineering Group (KEG) & Data Mining at Tsinghua University"),
            PublishedAt = new DateTimeOffset(2024, 8, 13, 17, 46, 12, TimeSpan.Zero),
            GithubRepo = "https://github.com/THUDM/LongWriter",
            ProjectPage = "https://example.org/longwriter",
            AiSummary = "Long outputs.",
            AiKeywords = ["long context", "LLM"],
            Categories = ["cs.CL"],
        };

        var summary = await store.UpsertAsync("hf", [incoming], T0);
        var paper = await store.GetAsync("2408.07055");

        Assert.Equal(1, summary.New);
        Assert.NotNull(paper);
        Assert.Equal(incoming.Title, paper.Title);
        Assert.Equal(incoming.Authors, paper.Authors);
        Assert.Equal(incoming.Organization, paper.Organization);
        Assert.Equal(incoming.PublishedAt, paper.PublishedAt);
        Assert.Equal(incoming.ListedOn, paper.ListedOn);
        Assert.Equal(32, paper.Upvotes);
        Assert.Equal(incoming.GithubRepo, paper.GithubRepo);
        Assert.Equal(incoming.ProjectPage, paper.ProjectPage);
        Assert.Equal("Long outputs.", paper.AiSummary);
        Assert.Equal(["long context", "LLM"], paper.AiKeywords);
        Assert.Equal(["cs.CL"], paper.Categories);
        Assert.Equal(["hf"], paper.Sources);
        Assert.Equal(T0, paper.FirstSeenAt);
        Assert.Equal(T0, paper.ChangedAt);
    }

    [Fact]
    public async Task IngestingTheSameItemsAgainChangesNothing()
    {
        await using var test = await CreateWorldAsync();
        var store = test.Papers;
        await store.UpsertAsync("hf", [LongWriter()], T0);
        var before = await store.GetAsync("2408.07055");

        var summary = await store.UpsertAsync("hf", [LongWriter()], T0.AddHours(1));

        Assert.Equal(new UpsertSummary(0, 0, 0, 1, 0), summary);
        Assert.Equivalent(before, await store.GetAsync("2408.07055"), strict: true);
        Assert.Equal(1, await store.CountAsync());
        Assert.Single(await store.GetUpvoteHistoryAsync("2408.07055"));
    }

    [Fact]
    public async Task AnUpvoteChangeIsRecordedAndMovesChanged()
    {
        await using var test = await CreateWorldAsync();
        var store = test.Papers;
        await store.UpsertAsync("hf", [LongWriter(upvotes: 6)], T0);
        var before = (await store.GetAsync("2408.07055"))!;

        var summary = await store.UpsertAsync("hf", [LongWriter(upvotes: 32)], T0.AddDays(1));
        var after = (await store.GetAsync("2408.07055"))!;

        Assert.Equal(1, summary.Changed);
        Assert.Equal(32, after.Upvotes);
        Assert.Equal(T0.AddDays(1), after.ChangedAt);
        Assert.Equal(T0, after.FirstSeenAt);
        Assert.True(after.ChangeSeq > before.ChangeSeq);
        Assert.Equal([6, 32], (await store.GetUpvoteHistoryAsync("2408.07055")).Select(h => h.Upvotes));
    }

    [Fact]
    public async Task APaperSeenByTwoSourcesIsOneRowWithMergedFields()
    {
        await using var test = await CreateWorldAsync();
        var store = test.Papers;
        await store.UpsertAsync("hf", [LongWriter()], T0);
        var fromRss = new IncomingPaper
        {
            Id = "2408.07055",
            Title = LongWriter().Title,
            Abstract = LongWriter().Abstract,
            Authors = LongWriter().Authors,
            Categories = ["cs.CL", "cs.AI"],
        };

        var summary = await store.UpsertAsync("arxiv-rss", [fromRss], T0.AddHours(2));
        var paper = (await store.GetAsync("2408.07055"))!;

        Assert.Equal(1, summary.Refreshed);
        Assert.Equal(1, await store.CountAsync());
        Assert.Equal(["hf", "arxiv-rss"], paper.Sources);
        Assert.Equal(32, paper.Upvotes); // RSS knows no upvotes: the stored value stays
        Assert.Equal(["cs.CL", "cs.AI"], paper.Categories);
        Assert.Equal(T0, paper.ChangedAt); // nothing a subscription matches on changed
    }

    [Fact]
    public async Task ARevisionOfAnUnknownPaperIsIgnoredButRefreshesAKnownOne()
    {
        await using var test = await CreateWorldAsync();
        var store = test.Papers;
        var revision = new IncomingPaper { Id = "2401.00001", Title = "Old paper, new version", UpdateOnly = true };

        var summary = await store.UpsertAsync("arxiv-rss", [revision], T0);
        Assert.Equal(1, summary.Ignored);
        Assert.Null(await store.GetAsync("2401.00001"));

        await store.UpsertAsync("hf", [LongWriter()], T0);
        var revised = LongWriter(upvotes: null, title: "LongWriter v2") with { UpdateOnly = true };
        summary = await store.UpsertAsync("arxiv-rss", [revised], T0.AddDays(3));
        var paper = (await store.GetAsync("2408.07055"))!;

        Assert.Equal(1, summary.Changed);
        Assert.Equal("LongWriter v2", paper.Title);
        Assert.Equal(T0, paper.FirstSeenAt); // a revision never makes a paper look new
    }

    [Fact]
    public async Task ChangedPapersComeBackInSequenceOrderAfterAWatermark()
    {
        await using var test = await CreateWorldAsync();
        var store = test.Papers;
        var many = Enumerable.Range(1, 1200)
            .Select(i => new IncomingPaper { Id = $"2501.{i:00000}", Title = $"Paper {i}", Upvotes = i % 7 })
            .ToList();
        await store.UpsertAsync("file", many, T0);
        var first = await store.GetChangedAfterAsync(0, 2000);
        var watermark = first[^1].ChangeSeq;

        await store.UpsertAsync("file", [many[10] with { Upvotes = 100 }], T0.AddHours(1));
        var changed = await store.GetChangedAfterAsync(watermark, 100);

        Assert.Equal(1200, first.Count);
        Assert.True(first.Select(p => p.ChangeSeq).SequenceEqual(first.Select(p => p.ChangeSeq).Order()));
        Assert.Equal(["2501.00011"], changed.Select(p => p.Id));
    }

    [Fact]
    public async Task TheEarliestHuggingFaceListingDayIsKept()
    {
        await using var test = await CreateWorldAsync();
        var store = test.Papers;

        await store.UpsertAsync("hf", [LongWriter() with { ListedOn = new DateOnly(2024, 8, 14) }], T0);
        await store.UpsertAsync("hf", [LongWriter() with { ListedOn = new DateOnly(2024, 8, 16) }], T0.AddDays(1));
        var afterLater = (await store.GetAsync("2408.07055"))!.ListedOn;
        await store.UpsertAsync("hf", [LongWriter() with { ListedOn = new DateOnly(2024, 8, 12) }], T0.AddDays(2));
        var afterEarlier = (await store.GetAsync("2408.07055"))!.ListedOn;
        await store.UpsertAsync("rss", [LongWriter(upvotes: null) with { ListedOn = null }], T0.AddDays(3));
        var afterUnlisted = (await store.GetAsync("2408.07055"))!.ListedOn;

        Assert.Equal(new DateOnly(2024, 8, 14), afterLater);
        Assert.Equal(new DateOnly(2024, 8, 12), afterEarlier);
        Assert.Equal(new DateOnly(2024, 8, 12), afterUnlisted);
    }

    [Fact]
    public async Task DuplicateIdsInOneBatchMergeInOrder()
    {
        await using var test = await CreateWorldAsync();
        var store = test.Papers;

        var summary = await store.UpsertAsync("hf", [LongWriter(upvotes: 1), LongWriter(upvotes: 5)], T0);

        Assert.Equal(1, summary.New);
        Assert.Equal(5, (await store.GetAsync("2408.07055"))!.Upvotes);
        Assert.Equal(1, await store.CountAsync());
    }
}

public sealed class SqlitePaperStoreTests : PaperStoreTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => SqliteWorld.CreateAsync();
}

[Collection(nameof(PostgresCollection))]
public sealed class PostgresPaperStoreTests(PostgresCluster cluster) : PaperStoreTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => PostgresWorld.CreateAsync(cluster);
}
