using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Admin;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public class AdminLoginTests
{
    public static TheoryData<string, string, bool> ProtectedRequests()
    {
        var data = new TheoryData<string, string, bool>();
        string[][] requests =
        [
            ["GET", "/admin"], ["GET", "/admin/"], ["GET", "/admin/subscribers"], ["POST", "/admin?handler=Run"],
            ["POST", "/admin/subscribers?handler=Find"], ["POST", "/admin/subscribers?handler=Delete"], ["POST", "/admin/logout"],
            ["GET", "/admin/jobs"], ["GET", "/admin/jobs/recurring"], ["GET", "/admin/jobs/jobs/succeeded"], ["GET", "/admin/jobs/servers"],
            ["POST", "/admin/jobs/stats"], ["GET", "/admin/jobs/js1825"], ["POST", "/admin/jobs/recurring/trigger"],
        ];
        foreach (var r in requests)
        {
            data.Add(r[0], r[1], false);
            data.Add(r[0], r[1], true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ProtectedRequests))]
    public async Task AnonymousRequestsToAdminPagesAndTheDashboardAreRefusedEvenWhenForwardedFromLocalhost(string method, string path, bool forwardedFromLocalhost)
    {
        await using var app = new PaperMailApp();
        var client = new AdminBrowser(app).Client;
        client.DefaultRequestHeaders.Accept.Clear();
        if (forwardedFromLocalhost) client.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.1");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("PaperMail jobs", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/subscribers")]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/jobs/recurring")]
    public async Task ABrowserNavigatingAnonymouslyIsSentToTheLoginPage(string path)
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.1");

        var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task ScriptRequestsFromABrowserGet401RatherThanARedirect()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/jobs/stats");
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task LoggingInSetsAStrictSecureHttpOnlyCookieThatOpensTheOverviewAndTheDashboard()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);

        var login = await browser.LoginAsync();

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/admin", login.Headers.Location!.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("PaperMail.Admin=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("secure", cookie);
        Assert.Contains("path=/admin", cookie);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/subscribers")).StatusCode);
        var dashboard = await browser.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("PaperMail jobs", html);

        // The dashboard's own XHR API: Hangfire also wants its antiforgery header on POSTs.
        var header = Regex.Match(html, "<meta name=\"csrf-header\" content=\"([^\"]+)\"").Groups[1].Value;
        var token = WebUtility.HtmlDecode(Regex.Match(html, "<meta name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value);
        Assert.NotEmpty(token);
        var stats = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/stats") { Content = new FormUrlEncodedContent([new("metrics[]", "recurring:count")]) };
        stats.Headers.Add("X-Requested-With", "XMLHttpRequest");
        stats.Headers.Add(header, token);
        var statsResponse = await browser.Client.SendAsync(stats);
        Assert.Equal(HttpStatusCode.OK, statsResponse.StatusCode);
        Assert.Contains("recurring:count", await statsResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LoginReturnsToTheAdminPageAskedForButNeverOffSite()
    {
        await using var app = new PaperMailApp();

        var inside = await new AdminBrowser(app).PostFormAsync("/admin/login", "/admin/login",
            ("username", PaperMailApp.AdminUsername), ("password", PaperMailApp.AdminPassword), ("returnUrl", "/admin/subscribers"));
        var offSite = await new AdminBrowser(app).PostFormAsync("/admin/login", "/admin/login",
            ("username", PaperMailApp.AdminUsername), ("password", PaperMailApp.AdminPassword), ("returnUrl", "//evil.example/admin"));

        Assert.Equal("/admin/subscribers", inside.Headers.Location!.OriginalString);
        Assert.Equal("/admin", offSite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ALoginWithoutTheAntiforgeryTokenIsRejected()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);

        var response = await browser.Client.PostAsync("/admin/login", new FormUrlEncodedContent(
            [new("username", PaperMailApp.AdminUsername), new("password", PaperMailApp.AdminPassword)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("PaperMail.Admin=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(PaperMailApp.AdminUsername, "wrong-password")]
    [InlineData("root", PaperMailApp.AdminPassword)]
    [InlineData("ADMIN", PaperMailApp.AdminPassword)]
    public async Task AWrongUsernameOrPasswordIsRefused(string username, string password)
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);

        var response = await browser.LoginAsync(username, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Wrong username or password", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task FiveFailuresLockTheLoginForFifteenMinutesEvenForTheRightPassword()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new PaperMailApp().WithServices(s => s.AddSingleton<TimeProvider>(clock));
        var browser = new AdminBrowser(app);

        for (var i = 0; i < LoginLockout.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.LoginAsync(password: $"guess-{i}")).StatusCode);
        }
        var locked = await browser.LoginAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("Too many failed attempts", await locked.Content.ReadAsStringAsync());

        clock.Advance(LoginLockout.LockDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.LoginAsync()).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.LoginAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task FailuresUnderOtherUsernamesDoNotLockTheAdminOut()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);

        for (var i = 0; i < LoginLockout.MaxFailures + 1; i++) await browser.LoginAsync(username: $"user{i}", password: "x");

        Assert.Equal(HttpStatusCode.Redirect, (await browser.LoginAsync()).StatusCode);
    }

    [Fact]
    public async Task LoggingOutEndsTheSession()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var logout = await browser.PostFormAsync("/admin", "/admin/logout");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/admin/login", logout.Headers.Location!.OriginalString);
        var after = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/admin/login", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task APasswordConfiguredAsAHashLogsIn()
    {
        var hash = AdminPasswordHash.Create("correct horse battery staple", iterations: 10_000);
        await using var app = new PaperMailApp().With("PaperMail:Admin:Password", hash);
        var browser = new AdminBrowser(app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.LoginAsync(password: hash)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.LoginAsync(password: "correct horse battery staple")).StatusCode);
    }
}
