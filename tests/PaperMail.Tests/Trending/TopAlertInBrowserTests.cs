using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using PaperMail.Core.Ingestion;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Trending;

/// <summary>Top papers on the form and the manage page in a real browser (Debian's chromium), against recorded days.</summary>
[Collection(nameof(AppCollection))]
public sealed class TopAlertInBrowserTests
{
    [Fact]
    public async Task AVisitorPreviewsTopPapersSubscribesThenChangesNFilterAndKindOnTheManagePage()
    {
        await using var fixtures = await FixtureServer.StartAsync();
        await using var smtp = new TestSmtpServer();
        var port = LocalPorts.Free();
        var baseUrl = $"http://127.0.0.1:{port}";
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 10, 11, 8, 0, 0, TimeSpan.Zero));
        await using var app = smtp.Configure(new PaperMailApp())
            .With("PaperMail:PublicBaseUrl", baseUrl)
            .WithSource(0, "hf", "HuggingFaceDaily", fixtures.Url("hf/daily_papers").ToString())
            .With("PaperMail:Sources:0:LookbackDays", "2")
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        app.StartServer();
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var consoleErrors = DebianChromium.CollectErrors(page);

        // The form opens on top papers, and the live preview shows what the digest would hold.
        await page.GotoAsync(baseUrl);
        await Assertions.Expect(page.Locator("#kind-top")).ToBeCheckedAsync();
        await page.GetByLabel("Daily").CheckAsync();
        await page.Locator("#topn").SelectOptionAsync("5");
        var items = page.Locator("#preview .preview-list li");
        await Assertions.Expect(items).ToHaveCountAsync(5);
        await Assertions.Expect(items.First).ToContainTextAsync("Personalized Visual Instruction Tuning");
        await Assertions.Expect(items.First).ToContainTextAsync("#1");
        await Assertions.Expect(page.Locator("#preview .preview-summary")).ToContainTextAsync("top 5 papers of each day");

        await page.Locator("#email").FillAsync("ada@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await page.WaitForURLAsync("**/check-inbox");
        var email = await smtp.NextAsync();
        Assert.Contains("the top 5 papers of each day", email.TextBody);
        await page.GotoAsync(Regex.Match(email.TextBody ?? "", $@"{Regex.Escape(baseUrl)}/confirm/[A-Za-z0-9_-]+").Value);
        // Opening the link only shows what will be confirmed; the button confirms.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your alert");
        await Assertions.Expect(page.Locator(".query")).ToContainTextAsync("the top");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your alert is confirmed");

        // The manage page: a larger N with a filter, then a switch to a query alert.
        await page.Locator("#manage-link").ClickAsync();
        var alert = page.Locator("li.alert").First;
        await Assertions.Expect(alert.Locator("p.query")).ToContainTextAsync("Top 5 papers of each day");
        await alert.Locator("select[name=topN]").SelectOptionAsync("20");
        await alert.Locator("input[name=query]").FillAsync("multimodal");
        await alert.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Saved.");
        await Assertions.Expect(page.Locator("li.alert p.query").First).ToContainTextAsync("Top 20 papers of each day about multimodal");

        await page.Locator("li.alert").First.Locator("input[value=query]").CheckAsync();
        await page.Locator("li.alert").First.Locator("input[name=query]").FillAsync("title:aria");
        await page.Locator("li.alert").First.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("li.alert p.query").First).ToHaveTextAsync("title:aria");
        await Assertions.Expect(page.Locator("li.alert").First).ToHaveClassAsync(new Regex("query-alert"));
        Assert.Empty(consoleErrors);
    }
}
