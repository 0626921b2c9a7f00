using System.Net;
using System.Text.Json;
using Dapper;
using PaperMail.Tests.Admin;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Portability;

[Collection(nameof(AppCollection))]
public class ExportTests
{
    [Fact]
    public async Task TheAdminCsvExportTurnsEveryFormulaLikeCellIntoText()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var seed = new AdminSeed(app.DatabasePath);
        var ada = seed.Subscriber("ada@example.org");
        seed.Alert(ada, "=cmd|' /C calc'!A0");
        seed.Alert(ada, "+1+1");
        seed.Alert(ada, "-survey multilingual");
        seed.Alert(ada, "@SUM(A1)");
        seed.Alert(ada, "\tindented");
        seed.Alert(ada, "\rreturn");
        seed.Alert(ada, "gone", state: "deleted");
        seed.Alert(ada, "plain query", minUpvotes: 5, paused: true);
        seed.Subscriber("bob@example.org", "pending");

        Assert.Contains("href=\"/admin/export/subscribers.csv\"", await (await browser.GetAsync("/admin/subscribers")).Content.ReadAsStringAsync());
        var response = await browser.GetAsync("/admin/export/subscribers.csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("email,frequency,state,created_at,confirmed_at,query,min_upvotes,paused,alert_state,alert_created_at,top_n\r\n", csv);
        // Each hostile cell is quoted with a leading apostrophe: a spreadsheet shows it as text.
        Assert.Contains(",\"'=cmd|' /C calc'!A0\",", csv);
        Assert.Contains(",\"'+1+1\",", csv);
        Assert.Contains(",\"'-survey multilingual\",", csv);
        Assert.Contains(",\"'@SUM(A1)\",", csv);
        Assert.Contains(",\"'\tindented\",", csv);
        Assert.Contains(",\"'\rreturn\",", csv);
        Assert.Contains(",plain query,5,true,active,", csv);
        Assert.DoesNotContain("gone", csv);
        // Seven alerts of Ada's that are not deleted, and Bob with none: eight records after the header.
        // (A lone CR inside a quoted cell does not end a record; only CRLF does.)
        Assert.Equal(8, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.Contains("\r\nbob@example.org,daily,pending,", csv);
    }

    [Fact]
    public async Task TheCsvExportIsForLoggedInAdminsOnly()
    {
        await using var app = new PaperMailApp();

        var response = await app.CreateClient().GetAsync("/admin/export/subscribers.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ASubscriberDownloadsTheirDataFromTheManagePageAndTheDownloadChangesNothing()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual -survey");
        var page = await bed.Client.GetStringAsync(manage);
        Assert.Contains($"href=\"{manage}/data.json\"", page);
        var before = await SnapshotAsync(bed);

        var response = await bed.Client.GetAsync($"{manage}/data.json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("ada@example.org", json.GetProperty("email").GetString());
        Assert.Equal("active", json.GetProperty("state").GetString());
        Assert.Equal("weekly", json.GetProperty("frequency").GetString());
        var alert = Assert.Single(json.GetProperty("alerts").EnumerateArray());
        Assert.Equal("multilingual -survey", alert.GetProperty("query").GetString());
        Assert.Equal("active", alert.GetProperty("state").GetString());
        Assert.Equal(1, json.GetProperty("emailsLogged").GetInt32()); // the confirmation email
        Assert.Equal(before, await SnapshotAsync(bed));
    }

    [Fact]
    public async Task AnUnknownManageTokenGetsNoData()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");

        var response = await bed.Client.GetAsync($"/manage/{new string('A', 43)}/data.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("ada@example.org", await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> SnapshotAsync(SubscribingTestBed bed)
    {
        using var connection = new AdminSeed(bed.App.DatabasePath).Open();
        var subscribers = await connection.QueryAsync<string>("SELECT email || state || state_changed_at FROM subscribers");
        var alerts = await connection.QueryAsync<string>("SELECT query || state || version || updated_at FROM alerts");
        var tokens = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens");
        var log = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM email_log");
        return string.Join("|", subscribers.Concat(alerts).Append($"{tokens}/{log}"));
    }
}
