using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Semantic;

/// <summary>
/// Editing a similar-papers alert from the manage page, over real HTTP on real SQLite, with the deterministic
/// embedder in place of the model: the same rules as the form, errors re-rendered with the input, and the alert's
/// vector worked out again only when its text changes.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class SimilarAlertManageTests
{
    private const string Wheat = "Wheat yield forecasting from satellite images";
    private const string WheatAbstract = "We forecast wheat yield for farms from multispectral satellite images with a crop growth model.";
    private const string Speech = "Streaming speech recognition on phones";

    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTextEmbedder _model = new();

    private SubscribingTestBed Start() => new(app =>
    {
        app.With("PaperMail:Semantic:Enabled", "true");
        app.WithServices(services => services.AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now)));
        app.WithServices(services => services.Replace(ServiceDescriptor.Singleton<ITextEmbedder>(_model)));
    });

    /// <summary>Three papers, embedded; a confirmed alert "papers like 2611.00001" at closeness 0.8, matched once.</summary>
    private static async Task<(string Manage, long AlertId)> SubscribedAsync(SubscribingTestBed bed)
    {
        await bed.App.Services.GetRequiredService<IPaperStore>().UpsertAsync("test", [
            new IncomingPaper { Id = "2611.00001", Title = Wheat, Abstract = WheatAbstract, PublishedAt = Now },
            new IncomingPaper { Id = "2611.00003", Title = Wheat + " revisited", Abstract = WheatAbstract, PublishedAt = Now },
            new IncomingPaper { Id = "2611.00002", Title = Speech, Abstract = "A small recogniser transcribes speech on phones.", PublishedAt = Now },
        ], Now);
        using (var scope = bed.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaperEmbedder>().EmbedPendingAsync(100, CancellationToken.None);
        }
        var response = await bed.PostFormAsync("/", [new("Kind", "similar"), new("Email", "reader@example.org"), new("Query", ""), new("Frequency", "daily"),
            new("MinUpvotes", ""), new("Description", ""), new("Examples", "2611.00001"), new("Threshold", "0.8"), new("Website", "")]);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var confirmed = await (await bed.ConfirmAsync(SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync()))).Content.ReadAsStringAsync();
        await RunMatchJobAsync(bed);
        return (SubscribingTestBed.Href(confirmed, "manage-link"), await bed.ScalarAsync<long>("SELECT id FROM alerts"));
    }

    private static async Task RunMatchJobAsync(SubscribingTestBed bed)
    {
        using var scope = bed.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
    }

    private static Task<HttpResponseMessage> SaveAsync(SubscribingTestBed bed, string manage, long alertId,
        string description, string examples, string threshold, string query = "", string minUpvotes = "") =>
        bed.PostFormAsync($"{manage}?handler=Save", [new("alertId", $"{alertId}"), new("kind", "similar"), new("description", description),
            new("examples", examples), new("threshold", threshold), new("query", query), new("minUpvotes", minUpvotes)], manage);

    private static async Task<SimilarAlert> StoredAsync(SubscribingTestBed bed) =>
        SimilarAlert.FromJson(await bed.ScalarAsync<string>("SELECT similar_to FROM alerts"))!;

    [Fact]
    public async Task TheManagePageShowsTheSimilarAlertsFieldsAndSavesEveryOne()
    {
        await using var bed = Start();
        var (manage, alertId) = await SubscribedAsync(bed);

        var page = await bed.Client.GetStringAsync(manage);
        var saved = await SaveAsync(bed, manage, alertId, "  crop   yield from space ", "https://arxiv.org/abs/2611.00003v2\n2611.00001", "0.62",
            query: "wheat   -maize", minUpvotes: "3");
        var stored = await StoredAsync(bed);
        var after = await bed.Client.GetStringAsync(manage);

        Assert.Contains($"id=\"alert-{alertId}-examples\"", page);
        Assert.Contains(">2611.00001</textarea>", page);
        Assert.Contains("value=\"0.80\"", page);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Contains("done=saved", saved.Headers.Location!.OriginalString);
        Assert.Equal("crop yield from space", stored.Description);
        Assert.Equal(["2611.00003", "2611.00001"], stored.Examples);
        Assert.Equal(0.62, stored.Threshold);
        Assert.Equal("wheat -maize", await bed.ScalarAsync<string>("SELECT query FROM alerts"));
        Assert.Equal(3, await bed.ScalarAsync<long>("SELECT min_upvotes FROM alerts"));
        Assert.Equal(3, await bed.ScalarAsync<long>("SELECT version FROM alerts"));
        Assert.Contains("papers like “crop yield from space” and 2 example papers, only those matching wheat -maize", after);
        Assert.Contains("(closeness 0.62)", after);
    }

    [Theory]
    [InlineData("", "", "0.8", "Describe what you want in a few words, or give at least one example paper.")]
    [InlineData("crops", "2611.00001\nnot-a-paper", "0.8", "Not an arXiv id or paper link: not-a-paper.")]
    [InlineData("crops", "2611.00001 2501.99999", "0.8", "PaperMail does not know this paper yet: 2501.99999.")]
    [InlineData("crops", "", "0.99", "Closeness must be a number from 0.2 to 0.95.")]
    public async Task ABadEditIsRefusedWithTheFormsMessageAndKeepsWhatWasTyped(string description, string examples, string threshold, string message)
    {
        await using var bed = Start();
        var (manage, alertId) = await SubscribedAsync(bed);
        var before = await bed.ScalarAsync<string>("SELECT similar_to || '|' || version FROM alerts");

        var response = await SaveAsync(bed, manage, alertId, description, examples, threshold, query: "wheat");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains($">{description}</textarea>", html);
        Assert.Contains("value=\"wheat\"", html);
        Assert.Contains($"value=\"{threshold}\"", html);
        Assert.Equal(before, await bed.ScalarAsync<string>("SELECT similar_to || '|' || version FROM alerts"));
    }

    [Fact]
    public async Task ABadFilterIsRefusedWithTheQueryRulesMessage()
    {
        await using var bed = Start();
        var (manage, alertId) = await SubscribedAsync(bed);

        var html = await (await SaveAsync(bed, manage, alertId, "crops", "2611.00001", "0.7", query: "wheat (")).Content.ReadAsStringAsync();

        Assert.Contains("Unclosed &#x27;(&#x27;", html);
        Assert.Contains("(at character 7).", html);
    }

    [Fact]
    public async Task ChangingOnlyTheClosenessKeepsTheAlertsVectorAndBackFillsAgain()
    {
        await using var bed = Start();
        var (manage, alertId) = await SubscribedAsync(bed);
        var vector = await bed.ScalarAsync<string>("SELECT hex(vector) FROM alert_embeddings");
        var texts = _model.TextsEmbedded;

        await SaveAsync(bed, manage, alertId, "", "2611.00001", "0.3");
        await RunMatchJobAsync(bed);

        Assert.Equal(3, await bed.ScalarAsync<long>("SELECT version FROM alert_embeddings"));
        Assert.Equal(vector, await bed.ScalarAsync<string>("SELECT hex(vector) FROM alert_embeddings"));
        Assert.Equal(texts, _model.TextsEmbedded);
        Assert.Equal(3, await bed.ScalarAsync<long>("SELECT backfilled_version FROM alerts"));
    }

    [Fact]
    public async Task ChangingTheTextEmbedsTheAlertAgainAndItsMatchesFollow()
    {
        await using var bed = Start();
        var (manage, alertId) = await SubscribedAsync(bed);
        Assert.Equal("2611.00003", await bed.ScalarAsync<string>("SELECT group_concat(paper_id) FROM matches"));
        var texts = _model.TextsEmbedded;

        await SaveAsync(bed, manage, alertId, Speech, "", "0.6");
        var leftBehind = await bed.ScalarAsync<long>("SELECT version FROM alert_embeddings");
        await RunMatchJobAsync(bed);

        Assert.Equal(2, leftBehind);
        Assert.Equal(3, await bed.ScalarAsync<long>("SELECT version FROM alert_embeddings"));
        Assert.Equal(texts + 1, _model.TextsEmbedded); // the description, once
        // The wheat twin answered the old examples and was not mailed: dropped; the speech paper is what it finds now.
        Assert.Equal("2611.00002", await bed.ScalarAsync<string>("SELECT group_concat(paper_id) FROM matches"));
        Assert.Contains("close to your description", await bed.ScalarAsync<string>("SELECT parts FROM alert_embeddings"));
    }

    [Fact]
    public async Task AnotherSubscribersAlertOrAPostWithoutTheFormsTokenChangesNothing()
    {
        await using var bed = Start();
        var (manage, alertId) = await SubscribedAsync(bed);
        var before = await bed.ScalarAsync<string>("SELECT similar_to || '|' || version FROM alerts");

        var otherAlert = await SaveAsync(bed, manage, alertId + 1, "crops", "2611.00001", "0.5");
        var noToken = await bed.Client.PostAsync($"{manage}?handler=Save", new FormUrlEncodedContent([
            new("alertId", $"{alertId}"), new("kind", "similar"), new("description", "crops"), new("examples", ""), new("threshold", "0.5")]));

        Assert.Contains("done=unchanged", otherAlert.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(before, await bed.ScalarAsync<string>("SELECT similar_to || '|' || version FROM alerts"));
    }
}
