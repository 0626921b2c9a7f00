using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Subscriptions;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Trending;

/// <summary>
/// The app with the Hugging Face source pointed at the recorded days, a real SMTP server, and a clock the test moves:
/// ingestion, matching and the digest job run through their real services when a test asks.
/// </summary>
public sealed partial class TrendingTestBed : IAsyncDisposable
{
    private TrendingTestBed(FixtureServer server, TestSmtpServer smtp, PaperMailApp app, FakeTimeProvider clock)
    {
        Server = server;
        Smtp = smtp;
        App = app;
        Clock = clock;
    }

    public FixtureServer Server { get; }
    public TestSmtpServer Smtp { get; }
    public PaperMailApp App { get; }
    public FakeTimeProvider Clock { get; }
    public SqliteDatabase Database => App.Services.GetRequiredService<SqliteDatabase>();

    /// <param name="now">The clock; the source reads today and <paramref name="lookbackDays"/> - 1 days before.</param>
    /// <param name="services">Further service changes (a counting store…).</param>
    public static async Task<TrendingTestBed> StartAsync(DateTimeOffset now, int lookbackDays = 2, Action<IServiceCollection>? services = null)
    {
        var server = await FixtureServer.StartAsync();
        var smtp = new TestSmtpServer();
        var clock = new FakeTimeProvider(now);
        var app = smtp.Configure(new PaperMailApp())
            .WithSource(0, "hf", "HuggingFaceDaily", server.Url("hf/daily_papers").ToString())
            .With("PaperMail:Sources:0:LookbackDays", lookbackDays.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));
        if (services is not null) app.WithServices(services);
        _ = app.Services;
        return new TrendingTestBed(server, smtp, app, clock);
    }

    public async Task IngestAsync()
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
    }

    public async Task MatchAsync()
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
    }

    public async Task<DigestRun> RunDigestsAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
    }

    public Task<long> AddReaderAsync(string email, string frequency = "daily") => SubscriptionRows.AddSubscriberAsync(Database, email, frequency: frequency);

    /// <summary>A top alert, added as the manage page adds one.</summary>
    public Task<long> AddTopAlertAsync(long subscriberId, int topN, string query = "", int? minUpvotes = null) =>
        App.Services.GetRequiredService<ISubscriptionStore>().AddActiveAlertAsync(subscriberId, query, minUpvotes, Clock.GetUtcNow(), CancellationToken.None, topN);

    /// <summary>A recorded day served with some papers' upvotes changed (as Hugging Face reports them later).</summary>
    public void ServeDayWithUpvotes(string day, IReadOnlyDictionary<string, int> upvotes)
    {
        var entries = RecordedDay(day);
        foreach (var entry in entries)
        {
            var paper = entry!["paper"]!;
            if (upvotes.TryGetValue(paper["id"]!.GetValue<string>(), out var count)) paper["upvotes"] = count;
        }
        Server.HuggingFaceDays[day] = entries.ToJsonString();
    }

    /// <summary>A day served with the entries of other recorded days (a paper listed again, another day's papers).</summary>
    public void ServeDayFrom(string day, params (string RecordedDay, string[] Ids)[] parts)
    {
        var entries = new JsonArray();
        foreach (var (recorded, ids) in parts)
        {
            foreach (var entry in RecordedDay(recorded).Where(e => ids.Length == 0 || ids.Contains(e!["paper"]!["id"]!.GetValue<string>())))
            {
                entries.Add(entry!.DeepClone());
            }
        }
        Server.HuggingFaceDays[day] = entries.ToJsonString();
    }

    private static JsonArray RecordedDay(string day) => JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture($"hf-daily-papers-{day}.json")))!.AsArray();

    /// <summary>The papers of a digest's text part in order: (arXiv id, its "Why:" line).</summary>
    public static IReadOnlyList<(string Id, string Why)> PapersOf(MimeMessage mail) =>
        [.. PaperBlock().Matches(mail.TextBody ?? "").Select(m => (m.Groups["id"].Value, m.Groups["why"].Value.Trim()))];

    [GeneratedRegex(@"^  https://huggingface\.co/papers/(?<id>[^\s]+)\r?\n(?:  .*\r?\n)*?  Why: (?<why>.*)$", RegexOptions.Multiline)]
    private static partial Regex PaperBlock();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
        await Server.DisposeAsync();
    }
}
