using System.Net;
using Microsoft.Playwright;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.TimeZones;

/// <summary>Where a subscriber's zone comes from: the browser through the form's script, the form's list, the manage page.</summary>
[Collection(nameof(AppCollection))]
public class TimeZoneFormTests
{
    [Fact]
    public async Task TheFormPicksTheBrowsersTimeZoneAndTheSubscriberKeepsIt()
    {
        await using var smtp = new TestSmtpServer();
        var port = LocalPorts.Free();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var app = smtp.Configure(new PaperMailApp()).With("PaperMail:PublicBaseUrl", baseUrl);
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        app.StartServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { TimezoneId = "Asia/Tokyo" });
        var page = await context.NewPageAsync();
        var errors = DebianChromium.CollectErrors(page);

        await page.GotoAsync(baseUrl);
        await Assertions.Expect(page.Locator("#timezone")).ToHaveValueAsync("Asia/Tokyo");
        await page.Locator("#kind-query").CheckAsync();
        await page.Locator("#query").FillAsync("multilingual");
        await page.Locator("#email").FillAsync("ada@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await page.WaitForURLAsync("**/check-inbox");
        await smtp.NextAsync();

        using var db = new PaperMail.Tests.Admin.AdminSeed(app.DatabasePath).Open();
        Assert.Equal("Asia/Tokyo", Dapper.SqlMapper.ExecuteScalar<string>(db, "SELECT time_zone FROM subscribers"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AnUnknownZoneOnTheFormIsRefusedWithAMessageAndTheInputKept()
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.PostFormAsync("/", [new("Email", "ada@example.org"), new("Query", "multilingual"), new("Kind", "query"),
            new("Frequency", "daily"), new("TimeZone", "Mars/Olympus_Mons")]);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a time zone from the list (such as Europe/Berlin).", html);
        Assert.Contains("value=\"ada@example.org\"", html);
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers"));
    }

    [Fact]
    public async Task TheManagePageChangesTheZoneAndEmptyMeansTheOperators()
    {
        await using var bed = new SubscribingTestBed(app => app.With("PaperMail:Digest:TimeZone", "Europe/Berlin"));
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var page = await bed.Client.GetStringAsync(manage);
        Assert.Contains("<option value=\"\" selected=\"selected\">Europe/Berlin (this service's zone)</option>", page);

        var saved = await bed.PostFormAsync($"{manage}?handler=TimeZone", [new("timeZone", "America/New_York")], tokenFrom: manage);
        var zone = await bed.ScalarAsync<string>("SELECT time_zone FROM subscribers");
        var shown = await bed.Client.GetStringAsync(manage);
        var cleared = await bed.PostFormAsync($"{manage}?handler=TimeZone", [new("timeZone", "")], tokenFrom: manage);
        var bad = await bed.PostFormAsync($"{manage}?handler=TimeZone", [new("timeZone", "Nowhere/Land")], tokenFrom: manage);

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("America/New_York", zone);
        Assert.Contains("<option value=\"America/New_York\" selected=\"selected\">America/New_York</option>", shown);
        Assert.Equal(HttpStatusCode.SeeOther, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, bad.StatusCode);
        Assert.Equal(1, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers WHERE time_zone IS NULL"));
    }
}
