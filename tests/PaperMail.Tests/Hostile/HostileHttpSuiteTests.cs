using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CsCheck;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;
using Xunit.Abstractions;

namespace PaperMail.Tests.Hostile;

/// <summary>
/// Thousands of generated hostile inputs thrown at the form, the manage handlers and the preview API through the real
/// HTTP path. Each must get an answer below 500, no unhandled exception may be logged, and a refused input (the page
/// shown again, "unchanged", 404, 400) must leave the database exactly as it was.
/// </summary>
[Collection(nameof(AppCollection))]
public class HostileHttpSuiteTests(ITestOutputHelper output)
{
    private const int FormInputs = 1_500;
    private const int ManageInputs = 1_500;
    private const int PreviewInputs = 1_500;

    private static PaperMailApp Configure(PaperMailApp app, CapturedLogs logs) => app
        .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
        .With("PaperMail:RateLimits:FormPosts", "100000")
        .With("PaperMail:RateLimits:PreviewRequests", "100000")
        .With("PaperMail:RateLimits:PageViews", "100000")
        .With("PaperMail:RateLimits:ConfirmationEmailsPerAddressPerHour", "100")
        .WithServices(s => s.AddSingleton<ILoggerProvider>(logs));

    [Fact]
    public async Task TheSubscriptionFormSurvivesGeneratedHostileInput()
    {
        var logs = new CapturedLogs();
        // Nothing listens on the app's SMTP port: accepted sign-ups fail to send, as a dead relay would.
        await using var app = Configure(new PaperMailApp(), logs);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var antiforgery = await SubscribingTestBed.AntiforgeryTokenAsync(client, "/");
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        var tally = new Tally();

        var gen = Gen.Select(HostileInputs.Text, HostileInputs.Text, HostileInputs.Text, HostileInputs.Text,
            Gen.Frequency((9, Gen.Const("")), (1, HostileInputs.Text)), Gen.Int[0, 9],
            (email, query, frequency, min, trap, button) => (email, query, frequency, min, trap, preview: button == 0));
        await gen.SampleAsync(async input =>
        {
            var before = await SnapshotAsync(db);
            var response = await client.PostAsync(input.preview ? "/?handler=Preview" : "/", Form(
                ("Email", input.email), ("Query", input.query), ("Frequency", input.frequency), ("MinUpvotes", input.min),
                ("Website", input.trap), ("__RequestVerificationToken", antiforgery)));
            tally.Count(response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {Describe(input)}");
            // Shown again with messages (200), refused as malformed (400), or the bot trap's silent 303: nothing may have been written.
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest || input.trap.Length > 0) Assert.Equal(before, await SnapshotAsync(db));
        }, iter: FormInputs, threads: 1);

        Report("form", tally, logs);
    }

    [Fact]
    public async Task TheManageHandlersSurviveGeneratedHostileInput()
    {
        var logs = new CapturedLogs();
        await using var bed = new SubscribingTestBed(app => Configure(app, logs));
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var antiforgery = await SubscribingTestBed.AntiforgeryTokenAsync(bed.Client, manage);
        var db = bed.App.Services.GetRequiredService<SqliteDatabase>();
        var alertId = await bed.ScalarAsync<long>("SELECT id FROM alerts");
        var tally = new Tally();
        string[] handlers = ["Save", "Add", "Pause", "Resume", "Delete", "Frequency", "Feed", "", "Nope", "Save&handler=Add"];

        var alertIds = Gen.Frequency((3, Gen.Const(alertId.ToString(System.Globalization.CultureInfo.InvariantCulture))), (3, HostileInputs.Text),
            (1, Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        // A NUL in the path never reaches the app (Kestrel answers 400; the in-process server throws), so none is sent.
        var tokens = Gen.Frequency((8, Gen.Const(manage)), (1, HostileInputs.Text.Where(t => !t.Contains('\0')).Select(t => "/manage/" + Uri.EscapeDataString(t))));
        var gen = Gen.Select(Gen.OneOf(handlers), tokens, alertIds, HostileInputs.Text, HostileInputs.Text, HostileInputs.Text,
            (handler, path, id, query, min, frequency) => (handler, path, id, query, min, frequency));
        await gen.SampleAsync(async input =>
        {
            var before = await SnapshotAsync(db);
            var response = await bed.Client.PostAsync($"{input.path}?handler={input.handler}", Form(
                ("alertId", input.id), ("query", input.query), ("minUpvotes", input.min), ("frequency", input.frequency),
                ("__RequestVerificationToken", antiforgery)));
            tally.Count(response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {Describe(input)}");
            var refused = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest
                              or HttpStatusCode.MethodNotAllowed or HttpStatusCode.UnsupportedMediaType
                          || response.Headers.Location?.OriginalString.Contains("done=unchanged", StringComparison.Ordinal) == true;
            // The feed handler answers 200 with a new feed address: a change by design.
            if (refused && input.handler != "Feed") Assert.Equal(before, await SnapshotAsync(db));
            Assert.Equal("active", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
        }, iter: ManageInputs, threads: 1);

        Report("manage", tally, logs);
    }

    [Fact]
    public async Task ThePreviewApiAndTheNoScriptPreviewSurviveGeneratedHostileInput()
    {
        var logs = new CapturedLogs();
        await using var app = Configure(new PaperMailApp(), logs);
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaperMail.Core.Ingestion.IngestionService>().RunAsync(CancellationToken.None);
        }
        var client = app.CreateClient();
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        var before = await SnapshotAsync(db);
        var tally = new Tally();

        var gen = Gen.Select(HostileInputs.Text, HostileInputs.Text, Gen.Bool, (q, min, page) => (q, min, page));
        await gen.SampleAsync(async input =>
        {
            var query = $"q={Uri.EscapeDataString(input.q)}&minUpvotes={Uri.EscapeDataString(input.min)}";
            var response = await client.GetAsync(input.page ? $"/?{query}" : $"/api/preview?{query}");
            tally.Count(response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {Describe(input)}");
        }, iter: PreviewInputs, threads: 1);

        Assert.Equal(before, await SnapshotAsync(db));
        Report("preview", tally, logs);
    }

    private void Report(string target, Tally tally, CapturedLogs logs)
    {
        output.WriteLine($"{target}: {tally}");
        // ASP.NET Core's exception handler logs every unhandled exception at Error.
        Assert.DoesNotContain(logs.Lines, line => line.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase));
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields)
    {
        // FormUrlEncodedContent refuses nothing but lone surrogates; those become U+FFFD as a browser would send them.
        return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(f.Value)))));
    }

    private static string Describe(object input) => input.ToString()!.Length > 300 ? input.ToString()![..300] + "…" : input.ToString()!;

    /// <summary>Every row a refused input must leave alone.</summary>
    private static async Task<string> SnapshotAsync(SqliteDatabase db)
    {
        await using var connection = await db.OpenAsync();
        var parts = new StringBuilder();
        foreach (var table in new[] { "subscribers", "alerts", "subscription_tokens", "email_log", "matches", "digests" })
        {
            var rows = await connection.QueryAsync($"SELECT * FROM {table} ORDER BY 1, 2");
            foreach (IDictionary<string, object?> row in rows) parts.Append(table).Append(':').AppendJoin('|', row.Values).Append('\n');
        }
        return parts.ToString();
    }

    private sealed class Tally
    {
        private readonly ConcurrentDictionary<int, int> _statuses = new();

        public void Count(HttpStatusCode status) => _statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);

        public override string ToString() =>
            $"{_statuses.Values.Sum()} inputs; " + string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
    }
}
