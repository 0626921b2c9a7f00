using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Semantic;

/// <summary>
/// The similar-papers alert over real HTTP (antiforgery, form re-rendering, confirmation by real SMTP) with
/// PaperMail:Semantic:Enabled on and the deterministic embedder in place of the model.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class SimilarAlertFormTests
{
    private const string Wheat = "Wheat yield forecasting from satellite images";
    private const string WheatAbstract = "We forecast wheat yield for farms from multispectral satellite images with a crop growth model.";

    /// <summary>A Friday after the daily send hour, so a daily digest is due.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static SubscribingTestBed Start(bool enabled = true) => new(app =>
    {
        app.With("PaperMail:Semantic:Enabled", enabled ? "true" : "false");
        app.WithServices(services => services.AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now)));
        if (enabled) app.WithServices(services => services.Replace(ServiceDescriptor.Singleton<ITextEmbedder>(new FakeTextEmbedder())));
    });

    private static async Task SeedAsync(SubscribingTestBed bed)
    {
        var now = Now;
        await bed.App.Services.GetRequiredService<IPaperStore>().UpsertAsync("test", [
            new IncomingPaper { Id = "2611.00001", Title = Wheat, Abstract = WheatAbstract, PublishedAt = now },
            new IncomingPaper { Id = "2611.00003", Title = Wheat + " revisited", Abstract = WheatAbstract, PublishedAt = now },
            new IncomingPaper { Id = "2611.00002", Title = "Streaming speech recognition on phones", Abstract = "A small recogniser transcribes speech on phones.", PublishedAt = now },
        ], now);
        using var scope = bed.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PaperEmbedder>().EmbedPendingAsync(100, CancellationToken.None);
    }

    private static Task<HttpResponseMessage> SubmitSimilarAsync(SubscribingTestBed bed, string description, string examples, string threshold = "") =>
        bed.PostFormAsync("/", [new("Kind", "similar"), new("Email", "reader@example.org"), new("Query", ""), new("Frequency", "daily"),
            new("MinUpvotes", ""), new("Description", description), new("Examples", examples), new("Threshold", threshold), new("Website", "")]);

    [Fact]
    public async Task ABadExampleReRendersTheFormWithItsMessageAndTheInput()
    {
        await using var bed = Start();

        var response = await SubmitSimilarAsync(bed, "crop yield from space", "2611.00001\nnot-a-paper");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Not an arXiv id or paper link: not-a-paper.", html);
        Assert.Contains(">crop yield from space</textarea>", html);
        Assert.Contains("2611.00001&#xA;not-a-paper</textarea>", html); // the newline, encoded
        Assert.Contains("id=\"kind-similar\" checked", html.Replace("checked=\"checked\"", "checked"));
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
    }

    [Fact]
    public async Task AnExamplePaperMailDoesNotHoldIsRefusedByName()
    {
        await using var bed = Start();
        await SeedAsync(bed);

        var html = await (await SubmitSimilarAsync(bed, "", "2611.00001 2501.99999")).Content.ReadAsStringAsync();

        Assert.Contains("PaperMail does not know this paper yet: 2501.99999.", html);
    }

    [Fact]
    public async Task NeitherDescriptionNorExampleIsRefused()
    {
        await using var bed = Start();

        var html = await (await SubmitSimilarAsync(bed, " ", "")).Content.ReadAsStringAsync();

        Assert.Contains("Describe what you want in a few words, or give at least one example paper.", html);
    }

    [Fact]
    public async Task AConfirmedSimilarAlertIsStoredAndMatchedByTheMatchJob()
    {
        await using var bed = Start();
        await SeedAsync(bed);

        var response = await SubmitSimilarAsync(bed, "", "https://huggingface.co/papers/2611.00001", "0.8");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var email = await bed.Smtp.NextAsync();
        Assert.Contains("papers like 1 example paper", email.TextBody);
        await bed.ConfirmAsync(SubscribingTestBed.ConfirmPath(email));
        using (var scope = bed.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaperMail.Core.Matching.Job.MatchingService>().RunAsync(CancellationToken.None);
        }

        var stored = SimilarAlert.FromJson(await bed.ScalarAsync<string>("SELECT similar_to FROM alerts"))!;
        Assert.Equal(["2611.00001"], stored.Examples);
        Assert.Equal(0.8, stored.Threshold);
        // The twin is caught by the back-fill; the example itself and the unrelated paper are not.
        Assert.Equal("2611.00003", await bed.ScalarAsync<string>("SELECT group_concat(paper_id) FROM matches"));
    }

    [Fact]
    public async Task TheDigestNamesTheAlertAndSaysWhichPartEachPaperIsCloseTo()
    {
        await using var bed = Start();
        await SeedAsync(bed);
        await SubmitSimilarAsync(bed, "streaming speech recognition on phones", "2611.00001", "0.6");
        await bed.ConfirmAsync(SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync()));
        using var scope = bed.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PaperMail.Core.Matching.Job.MatchingService>().RunAsync(CancellationToken.None);

        await scope.ServiceProvider.GetRequiredService<PaperMail.Core.Digests.DigestService>().RunAsync(CancellationToken.None);
        var digest = (await bed.Smtp.NextAsync()).TextBody ?? "";

        Assert.Contains("papers like “streaming speech recognition on phones” and 1 example paper", digest);
        var speech = digest.IndexOf("Streaming speech recognition on phones", StringComparison.Ordinal);
        var twin = digest.IndexOf("Wheat yield forecasting from satellite images revisited", StringComparison.Ordinal);
        Assert.True(speech >= 0 && twin >= 0, digest);
        Assert.Contains("(matched close to your description)", digest[speech..]);
        Assert.Contains("(matched close to “Wheat yield forecasting from satellite images”)", digest[twin..]);
        Assert.Equal(1, digest.Split("revisited").Length - 1);
    }

    [Fact]
    public async Task TheAdminOverviewShowsHowFarTheEmbeddingBackFillHasGot()
    {
        await using var bed = Start();
        await bed.App.Services.GetRequiredService<IPaperStore>().UpsertAsync("test", [
            new IncomingPaper { Id = "2611.00001", Title = Wheat, Abstract = WheatAbstract },
            new IncomingPaper { Id = "2611.00002", Title = "Speech", Abstract = "On phones." },
        ], Now);
        var admin = new PaperMail.Tests.Admin.AdminBrowser(bed.App);
        await admin.LoginAsync();

        var before = await admin.Client.GetStringAsync("/admin");
        using (var scope = bed.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaperEmbedder>().EmbedPendingAsync(1, CancellationToken.None);
        }
        var after = await admin.Client.GetStringAsync("/admin");

        Assert.Contains("<dd id=\"semantic-embedded\">0 of 2 (0%)</dd>", before);
        Assert.Contains("<dd id=\"semantic-embedded\">1 of 2 (50%)</dd>", after);
    }

    [Fact]
    public async Task TheLivePreviewListsCloseRecentPapersBestFirstWithSimilarityAndReason()
    {
        await using var bed = Start();
        await SeedAsync(bed);

        var preview = await bed.Client.GetFromJsonAsync<JsonElement>($"/api/preview/similar?description={Uri.EscapeDataString(Wheat)}&threshold=0.3");
        var papers = preview.GetProperty("papers").EnumerateArray().ToList();

        Assert.Equal(["2611.00001", "2611.00003"], papers.Select(p => p.GetProperty("id").GetString()));
        Assert.True(papers[0].GetProperty("similarity").GetDouble() > papers[1].GetProperty("similarity").GetDouble());
        Assert.All(papers, p => Assert.Equal("close to your description", p.GetProperty("reason").GetString()));
        var bad = await bed.Client.GetAsync("/api/preview/similar?examples=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task MoreLikeThisPreFillsTheFormAndThePaperPageListsNeighbours()
    {
        await using var bed = Start();
        await SeedAsync(bed);

        var form = await bed.Client.GetStringAsync("/?like=2611.00001");
        var page = await bed.Client.GetStringAsync("/papers/2611.00001");
        var browse = await bed.Client.GetStringAsync("/papers");

        Assert.Contains(">2611.00001</textarea>", form);
        Assert.Contains("Wheat yield forecasting from satellite images revisited", form); // the server-side preview
        Assert.Contains("<h2>More like this</h2>", page);
        Assert.True(page.IndexOf("2611.00003", StringComparison.Ordinal) < page.IndexOf("2611.00002", StringComparison.Ordinal));
        Assert.Contains("href=\"/?like=2611.00001#preview\"", browse);
    }

    [Fact]
    public async Task SwitchedOffNothingCanLoadTheModelAndTheFormOffersNoSimilarKind()
    {
        await using var bed = Start(enabled: false);

        var form = await bed.Client.GetStringAsync("/");
        var posted = await (await SubmitSimilarAsync(bed, "crop yield", "")).Content.ReadAsStringAsync();

        Assert.Null(bed.App.Services.GetService<ITextEmbedder>());
        Assert.DoesNotContain("kind-similar", form);
        Assert.Contains("Similar-papers alerts are switched off on this server.", posted);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync("/api/preview/similar?description=x")).StatusCode);
    }
}
