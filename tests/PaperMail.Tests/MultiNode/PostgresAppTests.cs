using System.Net;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MultiNode;

/// <summary>The whole app on PostgreSQL, and two app instances ("nodes") sharing one database.</summary>
[Collection(nameof(PostgresAppCollection))]
public sealed class PostgresAppTests(PostgresCluster cluster)
{
    private async Task<PaperMailApp> NodeAsync(string database, string name) => new PaperMailApp()
        .With("PaperMail:Database:Provider", "PostgreSql")
        .With("ConnectionStrings:PaperMail", cluster.ConnectionString(database))
        .With("PaperMail:Digest:NodeName", name);

    [Fact]
    public async Task OnPostgreSqlTheDatabaseCheckIsHealthyAndTheDashboardListsEveryNodesServer()
    {
        var database = await cluster.CreateEmptyDatabaseAsync();
        await using var a = await NodeAsync(database, "node-a");
        await using var b = await NodeAsync(database, "node-b");
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        var ready = JsonDocument.Parse(await clientA.GetStringAsync("/healthz"));
        var readyz = JsonDocument.Parse(await (await clientB.GetAsync("/readyz")).Content.ReadAsStringAsync());

        Assert.Equal("Healthy", ready.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", readyz.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        var storage = a.Services.GetRequiredService<JobStorage>();
        Assert.Equal("PostgreSqlStorage", storage.GetType().Name);
        await Eventually(() => storage.GetMonitoringApi().Servers().Count == 2, "both nodes' Hangfire servers in the shared storage");
        Assert.Equal(4, storage.GetMonitoringApi().GetStatistics().Recurring);
    }

    [Fact]
    public async Task AFormServedByOneNodeIsAcceptedByAnother()
    {
        var database = await cluster.CreateEmptyDatabaseAsync();
        await using var a = await NodeAsync(database, "node-a");
        await using var b = await NodeAsync(database, "node-b");
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false };
        using var clientA = a.CreateClient(options);
        using var clientB = b.CreateClient(options);

        var page = await clientA.GetAsync("/");
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(),
            "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent([new("Email", "ana@example.org"), new("Query", "multilingual"), new("Frequency", "weekly"), new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", cookie);
        var response = await clientB.SendAsync(post);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM subscribers"));
    }

    [Fact]
    public async Task AnUnknownProviderStopsStartUpNamingTheKey()
    {
        await using var app = new PaperMailApp().With("PaperMail:Database:Provider", "Oracle");
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("PaperMail:Database:Provider", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSqlWithoutAConnectionStringStopsStartUpNamingTheKey()
    {
        await using var app = new PaperMailApp().With("PaperMail:Database:Provider", "PostgreSql").With("ConnectionStrings:PaperMail", "");
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("ConnectionStrings:PaperMail", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);

    private async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        // A bound only a hang reaches: on a loaded 2-core machine a node's Hangfire server can take tens of seconds to announce itself.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail($"Not within 120 s: {what}");
    }
}
