using System.Net;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public class AdminSubscriberTests
{
    [Fact]
    public async Task FindingASubscriberIgnoresCaseAndShowsTheirAlertsWithMatchCountsEncoded()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var seed = new AdminSeed(app.DatabasePath);
        seed.Paper("2401.00001");
        seed.Paper("2401.00002");
        var ada = seed.Subscriber("Ada@Example.org");
        var alert = seed.Alert(ada, "\"<script>alert(1)</script>\"", minUpvotes: 7);
        seed.Alert(ada, "diffusion", paused: true);
        seed.Match(alert, ada, "2401.00001");
        seed.Match(alert, ada, "2401.00002");
        seed.DigestAndEmailLog(ada, alert, "2401.00001");

        var response = await browser.PostFormAsync("/admin/subscribers", "/admin/subscribers?handler=Find", ("email", "ada@EXAMPLE.org"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h2>Ada@Example.org</h2>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Equal(2, html.Split("class=\"alert-row\"").Length - 1);
        Assert.Contains("<td class=\"match-count\">2</td>", html);
        Assert.Contains("<td class=\"match-count\">0</td>", html);
        Assert.Contains("<td>7</td>", html);
        Assert.Contains("<td>2026-11-30</td><td>sent</td>", html);
    }

    [Fact]
    public async Task AnUnknownAddressIsReportedAsNotFound()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var html = await (await browser.PostFormAsync("/admin/subscribers", "/admin/subscribers?handler=Find", ("email", "nobody@example.org"))).Content.ReadAsStringAsync();

        Assert.Contains("No subscriber with that address", html);
    }

    [Fact]
    public async Task APrivacyDeleteRemovesEveryRowOfThatSubscriberAndNothingOfOthers()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var seed = new AdminSeed(app.DatabasePath);
        seed.Paper("2401.00001");
        var leaving = seed.Subscriber("leaving@example.org");
        var staying = seed.Subscriber("staying@example.org");
        foreach (var subscriber in new[] { leaving, staying })
        {
            var a = seed.Alert(subscriber, "transformer");
            seed.Alert(subscriber, "speech", state: "deleted");
            seed.Match(a, subscriber, "2401.00001");
            seed.DigestAndEmailLog(subscriber, a, "2401.00001");
        }
        var before = seed.RowsOf(staying);
        Assert.Equal(before, seed.RowsOf(leaving));

        var response = await browser.PostFormAsync("/admin/subscribers", "/admin/subscribers?handler=Delete", ("id", leaving.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, seed.RowsOf(leaving));
        Assert.Equal(before, seed.RowsOf(staying));
        var again = await browser.PostFormAsync("/admin/subscribers", "/admin/subscribers?handler=Find", ("email", "leaving@example.org"));
        Assert.Contains("No subscriber with that address", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeletingNeedsTheAntiforgeryToken()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var seed = new AdminSeed(app.DatabasePath);
        var id = seed.Subscriber("kept@example.org");

        var response = await browser.Client.PostAsync("/admin/subscribers?handler=Delete",
            new FormUrlEncodedContent([new("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, seed.RowsOf(id));
    }
}
