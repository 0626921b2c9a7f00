// Regenerates the README screenshots (docs/form.png, docs/manage.png, docs/papers.png, docs/digest.png, docs/admin.png,
// docs/admin-charts.png, docs/admin-charts-dark.png):
//
//     dotnet run --project tests/PaperMail.Screenshots
//
// Starts PaperMail on a free loopback port with a temp database, the demo papers and an in-process SMTP server,
// then drives Debian's headless Chromium (/usr/bin/chromium; Playwright's own browsers are never installed):
// subscribes to the top papers through the form with its live preview, confirms from the emailed link, adds a query
// alert on the manage page, browses /papers, runs the match and digest jobs a day later (the top papers of the day the
// demo papers were first seen, merged with the query's matches), renders the digest as received, and logs into the
// admin overview. The app's clock is fixed at 08:00 UTC so the daily digest is due.

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Tests.Support;

namespace PaperMail.Screenshots;

internal static class Program
{
    private const string Query = "multilingual -survey";

    public static async Task<int> Main()
    {
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the current folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var docs = Path.Combine(RepoPaths.RepositoryRoot, "docs");
        Directory.CreateDirectory(docs);
        var seed = Path.Combine(RepoPaths.RepositoryRoot, "src", "PaperMail.Web", "DemoData", "seed-papers.json");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));

        await using var smtp = new TestSmtpServer();
        var port = LocalPorts.Free();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var app = smtp.Configure(new PaperMailApp())
            .With("PaperMail:PublicBaseUrl", baseUrl)
            .With("Logging:LogLevel:Default", "Warning")
            .WithSource(0, "demo", "File", path: seed)
            .WithServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                // The admin cookie is Secure outside Development; this run is plain http on loopback.
                services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            });
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        app.StartServer();

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 800 },
        });
        var page = await context.NewPageAsync();

        // 1. The form on its first kind, top papers, with the live preview of what the digest would hold.
        await page.GotoAsync(baseUrl);
        await page.GetByLabel("Daily").CheckAsync();
        await Assertions.Expect(page.Locator("#preview .preview-summary")).ToContainTextAsync("top 10 papers of each day");
        await Assertions.Expect(page.Locator("#preview .preview-list li").First).ToBeVisibleAsync();
        await page.Locator("#email").FillAsync("ada@example.org");
        await Shoot(page, docs, "form.png");

        // Subscribe and confirm from the email.
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await page.WaitForURLAsync("**/check-inbox");
        var confirmation = await smtp.NextAsync();
        var link = Regex.Match(confirmation.TextBody ?? "", $@"{Regex.Escape(baseUrl)}/confirm/[A-Za-z0-9_-]+").Value;
        if (link.Length == 0) throw new InvalidOperationException("The confirmation email has no link.");
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your alert is confirmed");

        // 2. The manage page, with a query alert added beside the top papers.
        await page.Locator("#manage-link").ClickAsync();
        await page.Locator("#new-kind-query").CheckAsync();
        await page.Locator("#new-query").FillAsync(Query);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add alert" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Alert added.");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Shoot(page, docs, "manage.png");

        // 3. The browse page: the day's papers ranked by upvotes (its top, as it opens).
        await page.GotoAsync($"{baseUrl}/papers");
        await page.SetViewportSizeAsync(1100, 1400);
        await Shoot(page, docs, "papers.png", fullPage: false);

        // A day later the digest of the day is due: the top papers of the day the demo papers arrived, and the matches.
        clock.Advance(TimeSpan.FromDays(1));
        // 4. The digest email as the reader sees it.
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        }
        using (var scope = app.Services.CreateScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
            if (run.Sent != 1) throw new InvalidOperationException($"Expected one digest, the job sent {run.Sent}.");
        }
        var digest = await smtp.NextAsync();
        var mail = await context.NewPageAsync();
        await mail.SetViewportSizeAsync(700, 1300);
        await mail.SetContentAsync(digest.HtmlBody ?? throw new InvalidOperationException("The digest has no HTML body."));
        // The top of the email, as it opens in a mail client (the whole digest is several screens long).
        await Shoot(mail, docs, "digest.png", fullPage: false);

        // 5. The admin overview.
        await page.GotoAsync($"{baseUrl}/admin/login");
        await page.Locator("input[name=username]").FillAsync(PaperMailApp.AdminUsername);
        await page.Locator("input[name=password]").FillAsync(PaperMailApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/admin");
        await Shoot(page, docs, "admin.png");

        // 6. The 30-day charts alone, in light and in dark mode (they follow prefers-color-scheme).
        await ShootElement(page.Locator("#charts"), docs, "admin-charts.png");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await ShootElement(page.Locator("#charts"), docs, "admin-charts-dark.png");

        return 0;
    }

    private static async Task ShootElement(ILocator element, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        Console.WriteLine($"{path} ({new FileInfo(path).Length / 1024} KB)");
    }

    private static async Task Shoot(IPage page, string folder, string name, bool fullPage = true)
    {
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        Console.WriteLine($"{path} ({new FileInfo(path).Length / 1024} KB)");
    }

}
