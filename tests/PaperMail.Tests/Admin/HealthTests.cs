using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public class HealthTests
{
    private const string SmtpHost = "smtp.secret-relay.example";

    [Fact]
    public async Task ReadyzIs200WhenTheDatabaseIsMigrated()
    {
        await using var app = new PaperMailApp().With("PaperMail:Smtp:Host", SmtpHost);

        var response = await app.CreateClient().GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(["database", "ingest", "match", "digest", "smtp-relay", "lease"], json.GetProperty("checks").EnumerateObject().Select(c => c.Name));
        AssertNoSecrets(body, app);
    }

    [Fact]
    public async Task WithoutAnSmtpHostTheAppDoesNotStartSoItIsNeverReportedReady()
    {
        // The SMTP settings are validated on start; /readyz checks only whether the relay answers (see ReadinessTests).
        await using var app = new PaperMailApp().With("PaperMail:Smtp:Host", "");

        var error = Record.Exception(() => app.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("PaperMail:Smtp:Host", error.ToString());
    }

    [Fact]
    public async Task ReadyzIs503WhenTheSchemaIsBehindThisBuild()
    {
        await using var app = new PaperMailApp().With("PaperMail:Smtp:Host", SmtpHost);
        _ = app.Services; // starts the app, which migrates
        using (var connection = new AdminSeed(app.DatabasePath).Open()) connection.Execute("PRAGMA user_version = 1;");

        var response = await app.CreateClient().GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var database = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.Contains("migrations not applied", database.GetProperty("description").GetString());
        AssertNoSecrets(body, app);
    }

    [Fact]
    public async Task ReadyzIs503WhenTheDatabaseCannotBeOpenedAndSaysNoMoreThanThat()
    {
        await using var app = new PaperMailApp().With("PaperMail:Smtp:Host", SmtpHost);
        var database = app.Services.GetRequiredService<SqliteDatabase>(); // starts the app, which migrates
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/readyz")).StatusCode);

        // The volume is gone: a directory where the file was, so SQLite can neither open nor create it.
        SqliteConnection.ClearPool(new SqliteConnection(database.ConnectionString));
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(app.DatabasePath + suffix);
        Directory.CreateDirectory(app.DatabasePath);

        var response = await app.CreateClient().GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Unhealthy", json.GetProperty("status").GetString());
        Assert.Equal("Database unreachable.", json.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
        AssertNoSecrets(body, app);
        Assert.DoesNotContain("papermail.db", body);
    }

    [Fact]
    public async Task HealthzSaysTheProcessIsUpInJson()
    {
        await using var app = new PaperMailApp();

        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    private static void AssertNoSecrets(string body, PaperMailApp app)
    {
        Assert.DoesNotContain(SmtpHost, body);
        Assert.DoesNotContain(PaperMailApp.AdminPassword, body);
        Assert.DoesNotContain(PaperMailApp.ApiKey, body);
        Assert.DoesNotContain(app.Folder, body);
    }
}
