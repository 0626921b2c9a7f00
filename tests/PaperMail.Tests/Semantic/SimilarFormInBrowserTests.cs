using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Semantic;

/// <summary>
/// The similar-papers form in a real browser (Debian's chromium) against the app on a real port, with the
/// deterministic bag-of-words embedder registered through the app's services in place of the model (the model is
/// not under test; its own tests load it).
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class SimilarFormInBrowserTests
{
    private const string Wheat = "Wheat yield forecasting from satellite images";
    private const string WheatAbstract = "We forecast wheat yield for farms from multispectral satellite images with a crop growth model.";

    private static async Task<(PaperMailApp App, string BaseUrl)> StartAsync(TestSmtpServer smtp)
    {
        var port = LocalPorts.Free();
        var baseUrl = $"http://127.0.0.1:{port}";
        var app = smtp.Configure(new PaperMailApp())
            .With("PaperMail:PublicBaseUrl", baseUrl)
            .With("PaperMail:Semantic:Enabled", "true")
            // The test moves the slider from here; the shipped default is chosen elsewhere (docs/semantic.md).
            .With("PaperMail:Semantic:DefaultThreshold", "0.3")
            .WithServices(services => services.Replace(ServiceDescriptor.Singleton<ITextEmbedder>(new FakeTextEmbedder())));
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        app.StartServer();
        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<IPaperStore>().UpsertAsync("test", [
            new IncomingPaper { Id = "2611.00001", Title = Wheat, Abstract = WheatAbstract, PublishedAt = now, Authors = ["A. Farmer"] },
            new IncomingPaper { Id = "2611.00003", Title = Wheat + " revisited", Abstract = WheatAbstract, PublishedAt = now, Authors = ["B. Farmer"] },
            new IncomingPaper { Id = "2611.00004", Title = "Maize yield maps from drone images", Abstract = "Drone images give maize yield maps for small farms.", PublishedAt = now, Authors = ["C. Pilot"] },
            new IncomingPaper { Id = "2611.00002", Title = "Streaming speech recognition on phones", Abstract = "A small recogniser transcribes speech on phones.", PublishedAt = now, Authors = ["D. Voice"] },
        ], now);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PaperEmbedder>().EmbedPendingAsync(100, CancellationToken.None);
        return (app, baseUrl);
    }

    [Fact]
    public async Task TheLivePreviewFollowsTheDescriptionAndTheSliderAndTheAlertIsConfirmedByEmail()
    {
        await using var smtp = new TestSmtpServer();
        var (app, baseUrl) = await StartAsync(smtp);
        await using var _ = app;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = DebianChromium.CollectErrors(page);

        await page.GotoAsync(baseUrl);
        await page.Locator("#kind-similar").CheckAsync();
        await page.Locator("#description").PressSequentiallyAsync("wheat yield from satellite images");
        var summary = page.Locator("#preview .preview-summary");
        var items = page.Locator("#preview .preview-list li");
        await Assertions.Expect(summary).ToContainTextAsync("reach similarity 0.30");
        await Assertions.Expect(items.First).ToContainTextAsync("Wheat yield forecasting from satellite images");
        await Assertions.Expect(items.First).ToContainTextAsync("similarity 0.");
        await Assertions.Expect(items.First).ToContainTextAsync("close to your description");
        await Assertions.Expect(page.Locator("#preview .preview-list")).Not.ToContainTextAsync("speech");
        var wide = await items.CountAsync();
        Assert.True(wide >= 2, $"{wide} papers at 0.30");

        // The slider as a person moves it with the keyboard: End is "fewer, closer" all the way.
        await page.Locator("#threshold").FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Assertions.Expect(summary).ToContainTextAsync("reach similarity 0.80");
        Assert.True(await items.CountAsync() < wide);

        // Wait for the last preview before clicking (its list moves the button; see SubscribeInBrowserTests).
        await page.RunAndWaitForResponseAsync(
            () => page.Locator("#threshold").PressAsync("ArrowLeft"),
            response => response.Url.Contains("/api/preview/similar", StringComparison.Ordinal) && response.Url.Contains("threshold=0.79", StringComparison.Ordinal));
        await Assertions.Expect(summary).ToContainTextAsync("reach similarity 0.79");
        await page.Locator("#email").FillAsync("ada@example.org");
        await page.GetByLabel("Daily").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await page.WaitForURLAsync("**/check-inbox");

        var email = await smtp.NextAsync();
        Assert.Contains("papers like “wheat yield from satellite images”", email.TextBody);
        var link = System.Text.RegularExpressions.Regex.Match(email.TextBody ?? "", $@"{System.Text.RegularExpressions.Regex.Escape(baseUrl)}/confirm/[A-Za-z0-9_-]+").Value;
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your alert is confirmed");
        var stored = SimilarAlert.FromJson(await ScalarAsync(app.DatabasePath, "SELECT similar_to FROM alerts"))!;
        Assert.Equal(("wheat yield from satellite images", 0.79), (stored.Description, stored.Threshold));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task MoreLikeThisOnTheBrowsePageOpensTheFormWithThatPaperAsItsExample()
    {
        await using var smtp = new TestSmtpServer();
        var (app, baseUrl) = await StartAsync(smtp);
        await using var _ = app;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = DebianChromium.CollectErrors(page);

        await page.GotoAsync($"{baseUrl}/papers");
        await page.Locator("a.more-like[href='/?like=2611.00001#preview']").ClickAsync();
        await page.WaitForURLAsync("**/?like=2611.00001#preview");

        await Assertions.Expect(page.Locator("#kind-similar")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#examples")).ToHaveValueAsync("2611.00001");
        var first = page.Locator("#preview .preview-list li").First;
        await Assertions.Expect(first).ToContainTextAsync("Wheat yield forecasting from satellite images revisited");
        await Assertions.Expect(first).ToContainTextAsync("close to “Wheat yield forecasting from satellite images”");
        Assert.Empty(errors);
    }

    private static async Task<string> ScalarAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
