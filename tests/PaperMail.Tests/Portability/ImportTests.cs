using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperMail.Tests.Admin;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Portability;

/// <summary>The admin's CSV import through the real page: login, antiforgery, a multipart upload, a real SQLite file and SMTP server.</summary>
[Collection(nameof(AppCollection))]
public class ImportTests
{
    private const string Header = "email,frequency,state,created_at,confirmed_at,query,min_upvotes,paused,alert_state,alert_created_at,top_n";

    [Fact]
    public async Task ExportingThenImportingWithConsentRestoresTheSameSubscribersAndAlerts()
    {
        await using var source = new PaperMailApp();
        var sourceBrowser = new AdminBrowser(source);
        await sourceBrowser.LoginAsync();
        var seed = new AdminSeed(source.DatabasePath);
        var ada = seed.Subscriber("ada@example.org");
        seed.Alert(ada, "multilingual");
        seed.Alert(ada, "-survey multilingual");
        seed.Alert(ada, "\"long context\"", paused: true, minUpvotes: 5);
        using (var c = seed.Open())
        {
            c.Execute("INSERT INTO alerts (subscriber_id, query, paused, state, created_at, updated_at, top_n) VALUES (@ada, '', 0, 'active', 0, 0, 10)", new { ada });
            c.Execute("UPDATE subscribers SET frequency = 'weekly' WHERE id = @ada", new { ada });
        }
        seed.Subscriber("bob@example.org");
        var exported = await (await sourceBrowser.GetAsync("/admin/export/subscribers.csv")).Content.ReadAsByteArrayAsync();

        await using var target = new PaperMailApp();
        var browser = new AdminBrowser(target);
        await browser.LoginAsync();
        var response = await UploadAsync(browser, exported, consented: true);
        var page = await response.Content.ReadAsStringAsync();
        var restored = await (await browser.GetAsync("/admin/export/subscribers.csv")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<dd id=\"import-imported\">5</dd>", page);
        Assert.Contains("<dd id=\"import-refused\">0</dd>", page);
        Assert.Equal(
        [
            "ada@example.org,weekly,active,multilingual,,false,active,",
            "ada@example.org,weekly,active,\"'-survey multilingual\",,false,active,",
            "ada@example.org,weekly,active,\"\"\"long context\"\"\",5,true,active,",
            "ada@example.org,weekly,active,,,false,active,10",
            "bob@example.org,daily,active,,,,,",
        ], WithoutDates(restored));
        Assert.Equal(WithoutDates(Encoding.UTF8.GetString(exported)), WithoutDates(restored));
        // The import is recorded with who made it, the file and the consent.
        using var db = new AdminSeed(target.DatabasePath).Open();
        Assert.Equal(("admin", "papermail-export.csv", 5L, 1L, 0L), db.QuerySingle<(string, string, long, long, long)>(
            "SELECT imported_by, file_name, rows_total, already_consented, confirmations_sent FROM imports"));
        Assert.Contains("papermail-export.csv", await (await browser.GetAsync("/admin/import")).Content.ReadAsStringAsync());

        // Importing the same file again changes nothing.
        var again = await (await UploadAsync(browser, exported, consented: true)).Content.ReadAsStringAsync();
        Assert.Contains("<dd id=\"import-imported\">0</dd>", again);
        Assert.Contains("<dd id=\"import-unchanged\">5</dd>", again);
    }

    [Fact]
    public async Task WithoutConsentEachAlertGetsTheConfirmationEmailAndTheHourlyCapDefersTheRestWithTheReason()
    {
        await using var smtp = new TestSmtpServer();
        var logs = new CapturedLogs();
        await using var app = smtp.Configure(new PaperMailApp())
            .With("PaperMail:Limits:ConfirmationEmailsPerHour", "2")
            .WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var csv = $"""
            {Header}
            ada@example.org,daily,active,,,multilingual,,,active,,
            bob@example.org,weekly,active,,,retrieval,,,active,,
            cy@example.org,weekly,active,,,transformer,,,active,,
            """;

        var page = await (await UploadAsync(browser, Encoding.UTF8.GetBytes(csv), consented: false)).Content.ReadAsStringAsync();
        var mails = new[] { await smtp.NextAsync(), await smtp.NextAsync() };

        Assert.Equal(["ada@example.org", "bob@example.org"], mails.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Contains("<dd id=\"import-imported\">2</dd>", page);
        Assert.Contains("<dd id=\"import-deferred\">1</dd>", page);
        Assert.Contains("2 confirmation emails went out in the last hour, the limit (PaperMail:Limits:ConfirmationEmailsPerHour)", page);
        using var db = new AdminSeed(app.DatabasePath).Open();
        // Nobody is active before confirming; the third address was not even written.
        Assert.Equal(["ada@example.org:pending", "bob@example.org:pending"], db.Query<string>("SELECT email || ':' || state FROM subscribers ORDER BY email"));
        Assert.Equal((0L, 2L, 1L), db.QuerySingle<(long, long, long)>("SELECT already_consented, confirmations_sent, confirmations_deferred FROM imports"));
        Assert.Equal(2, smtp.Received.Count);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("@example.org", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WithConsentTheAlertCapStillHoldsAndTheRefusedRowSaysWhich()
    {
        await using var app = new PaperMailApp().With("PaperMail:Limits:MaxAlertsPerSubscriber", "2");
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var csv = $"""
            {Header}
            ada@example.org,daily,active,,,multilingual,,,active,,
            ada@example.org,daily,active,,,retrieval,,,active,,
            ada@example.org,daily,active,,,transformer,,,active,,
            """;

        var page = WebUtility.HtmlDecode(await (await UploadAsync(browser, Encoding.UTF8.GetBytes(csv), consented: true)).Content.ReadAsStringAsync());

        Assert.Contains("<dd id=\"import-imported\">2</dd>", page);
        Assert.Contains("<td>4</td><td>ada@example.org</td><td>Refused</td><td>the subscriber has 2 alerts, the most allowed (PaperMail:Limits:MaxAlertsPerSubscriber)</td>", page);
        using var db = new AdminSeed(app.DatabasePath).Open();
        Assert.Equal(["multilingual", "retrieval"], db.Query<string>("SELECT query FROM alerts ORDER BY id"));
        Assert.Equal(["ada@example.org:active"], db.Query<string>("SELECT email || ':' || state FROM subscribers"));
    }

    [Fact]
    public async Task BadRowsAreReportedOneByOneAndTheGoodRowsAreKept()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var csv = $"""
            {Header}
            not-an-address,daily,active,,,multilingual,,,active,,
            ada@example.org,daily,active,,,(unclosed,,,active,,
            bob@example.org,daily,active,,,multilingual,,,active
            cy@example.org,daily,active,,,"=cmd|' /C calc'!A0",,,active,,
            "@SUM(A1)",daily,active,,,multilingual,,,active,,
            dee@example.org,hourly,active,,,multilingual,,,active,,
            eve@example.org,daily,active,,,multilingual,,,active,,
            fay@example.org,daily,unsubscribed,,,multilingual,,,active,,
            """;

        var response = await UploadAsync(browser, Encoding.UTF8.GetBytes(csv), consented: true);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<dd id=\"import-imported\">1</dd>", page);
        Assert.Contains("<dd id=\"import-refused\">7</dd>", page);
        Assert.Contains("<td>2</td><td></td><td>Refused</td><td>email:", page);
        Assert.Contains("<td>3</td><td></td><td>Refused</td><td>query:", page);
        Assert.Contains("<td>4</td><td></td><td>Refused</td><td>9 columns where the header has 11</td>", page);
        Assert.Contains("<td>5</td><td></td><td>Refused</td><td>the query cell starts with '=', like a spreadsheet formula; it was not imported</td>", page);
        Assert.Contains("<td>6</td><td></td><td>Refused</td><td>the email cell starts with '@', like a spreadsheet formula; it was not imported</td>", page);
        Assert.Contains("<td>7</td><td></td><td>Refused</td><td>frequency: must be daily or weekly</td>", page);
        Assert.Contains("<td>8</td><td>eve@example.org</td><td>Imported</td>", page);
        Assert.Contains("<td>9</td><td></td><td>Refused</td><td>the address is unsubscribed in the file: it is not subscribed again</td>", page);
        using var db = new AdminSeed(app.DatabasePath).Open();
        Assert.Equal(["eve@example.org"], db.Query<string>("SELECT email FROM subscribers"));
    }

    public static TheoryData<string, byte[], string> HostileFiles => new()
    {
        { "latin-1", [.. Encoding.UTF8.GetBytes(Header + "\r\n"), .. Encoding.Latin1.GetBytes("jos\u00e9@example.org,daily,active,,,caf\u00e9,,,active,,\r\n")],
          "The file is not UTF-8 text (an invalid byte at position 110)" },
        { "utf-16", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header)).ToArray(), "The file is UTF-16 text" },
        { "no header", Encoding.UTF8.GetBytes("ada@example.org,daily,multilingual\r\n"), "The first row must be the export's header (email, frequency, query, …); missing: email, frequency, query." },
        { "binary", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00], "The file holds NUL characters" },
        { "empty", [], "Choose a CSV file to import." },
        { "over 2 MB", Encoding.UTF8.GetBytes(Header + "\r\n" + new string('x', 2 * 1024 * 1024)), "The file is larger than 2 MB; split it." },
        { "unclosed quote", Encoding.UTF8.GetBytes(Header + "\r\n\"ada@example.org,daily"), "is not valid CSV" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task AHostileFileGetsAClearMessageAndChangesNothing(string kind, byte[] content, string message)
    {
        _ = kind;
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var response = await UploadAsync(browser, content, consented: true);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(message, page);
        using var db = new AdminSeed(app.DatabasePath).Open();
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM subscribers"));
    }

    [Fact]
    public async Task ABodyFarOverTheLimitIsRefusedWithoutAServerErrorAndChangesNothing()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var response = await UploadAsync(browser, new byte[5 * 1024 * 1024], consented: true);

        // Kestrel stops reading at the limit; the form cannot be read, so the antiforgery check refuses it.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge });
        using var db = new AdminSeed(app.DatabasePath).Open();
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM imports"));
    }

    [Fact]
    public async Task TheImportIsForLoggedInAdminsAndNeedsTheAntiforgeryToken()
    {
        await using var app = new PaperMailApp();
        var anonymous = await app.CreateClient().PostAsync("/admin/import", Multipart("x"u8.ToArray(), true, token: null));
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var forged = await browser.Client.PostAsync("/admin/import", Multipart(Encoding.UTF8.GetBytes(Header + "\r\nada@example.org,daily,active,,,x,,,active,,"), true, token: null));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var db = new AdminSeed(app.DatabasePath).Open();
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM subscribers"));
    }

    private static async Task<HttpResponseMessage> UploadAsync(AdminBrowser browser, byte[] content, bool consented)
    {
        var token = await browser.TokenFromAsync("/admin/import");
        return await browser.Client.PostAsync("/admin/import", Multipart(content, consented, token));
    }

    private static MultipartFormDataContent Multipart(byte[] content, bool consented, string? token)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", "papermail-export.csv");
        if (consented) form.Add(new StringContent("true"), "AlreadyConsented");
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        return form;
    }

    /// <summary>The export's records without its three date columns (they differ between two databases).</summary>
    private static string[] WithoutDates(string csv)
    {
        using var reader = CsvHelper.CsvReader.Create(new StringReader(csv), new CsvHelper.CsvReaderOptions { HasHeader = false });
        var records = new List<string>();
        var first = true;
        while (reader.Read())
        {
            var cells = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i)).ToArray();
            if (first) { first = false; continue; }
            records.Add(string.Join(",", new[] { 0, 1, 2, 5, 6, 7, 8, 10 }.Select(i => Quote(cells[i]))));
        }
        return [.. records];
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 || cell.StartsWith('\'') ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
