using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Subscribing;

/// <summary>The whole front door in a real browser (Debian's chromium) against the app on a real port.</summary>
[Collection(nameof(AppCollection))]
public class SubscribeInBrowserTests
{
    [Fact]
    public async Task AVisitorSeesTheLivePreviewSubscribesAndConfirmsFromTheEmail()
    {
        await using var smtp = new TestSmtpServer();
        var port = LocalPorts.Free();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var app = smtp.Configure(new PaperMailApp())
            .With("PaperMail:PublicBaseUrl", baseUrl)
            .With("PaperMail:IngestOnStart", "true")
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers);
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        app.StartServer();
        await WaitForPapersAsync(app.DatabasePath);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var consoleErrors = DebianChromium.CollectErrors(page);

        await page.GotoAsync(baseUrl);
        // Top papers come first on the form; this visitor wants a query alert.
        await page.Locator("#kind-query").CheckAsync();
        await page.Locator("#query").PressSequentiallyAsync("multilingual -survey");
        var summary = page.Locator("#preview .preview-summary");
        await Assertions.Expect(summary).ToContainTextAsync("multilingual");
        await Assertions.Expect(page.Locator("#preview .preview-list li").First).ToBeVisibleAsync();
        var firstSummary = await summary.TextContentAsync();

        await page.Locator("#query").FillAsync("title:translation");
        await Assertions.Expect(summary).ToContainTextAsync("translation");
        Assert.NotEqual(firstSummary, await summary.TextContentAsync());

        await page.Locator("#query").FillAsync("multilingual (");
        await Assertions.Expect(page.Locator("#preview .preview-error")).ToBeVisibleAsync();

        // The preview answers ~300 ms after the last keystroke and its list pushes the Subscribe button down. Landing
        // between the press and the release of the click, it would send the release to a preview line: the browser
        // clicks the form, nothing is submitted. So the click waits for that answer and its list, and nothing asks
        // for another preview afterwards (the email and frequency fields do not).
        await page.RunAndWaitForResponseAsync(
            () => page.Locator("#query").FillAsync("multilingual -survey"),
            response => response.Url.Contains("/api/preview?q=multilingual+-survey", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#preview .preview-list li").First).ToBeVisibleAsync();
        await page.Locator("#email").FillAsync("ada@example.org");
        await page.GetByLabel("Daily").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await page.WaitForURLAsync("**/check-inbox");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check your inbox");

        var email = await smtp.NextAsync();
        var link = System.Text.RegularExpressions.Regex.Match(email.TextBody ?? "", $@"{System.Text.RegularExpressions.Regex.Escape(baseUrl)}/confirm/[A-Za-z0-9_-]+").Value;
        Assert.NotEmpty(link);
        await page.GotoAsync(link);
        // Opening the link only shows what will be confirmed (mail scanners open links too); the button confirms.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your alert");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("multilingual");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your alert is confirmed");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("multilingual");
        Assert.Empty(consoleErrors);
    }

    private static async Task WaitForPapersAsync(string databasePath)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var connection = new SqliteConnection($"Data Source={databasePath}"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM papers";
                if ((long)(await command.ExecuteScalarAsync())! >= 30) return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The demo papers were not ingested.");
            await Task.Delay(200);
        }
    }

}
