using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Bounces;

[Collection(nameof(AppCollection))]
public sealed class BounceWebhookTests
{
    private const string Secret = "webhook-secret-0123456789abcdef";

    private static PaperMailApp App(string? secret = Secret, int perMinute = 100) => new PaperMailApp()
        .With("PaperMail:Bounces:WebhookSecret", secret)
        .With("PaperMail:Bounces:WebhookRequestsPerMinute", perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static HttpRequestMessage Post(object body, string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/bounces") { Content = JsonContent.Create(body) };
        if (secret is not null) request.Headers.Add("X-Bounce-Secret", secret);
        return request;
    }

    [Fact]
    public async Task WithoutTheRightSecretNothingIsRecorded()
    {
        await using var app = App();
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        await SubscriptionRows.AddSubscriberAsync(db, "gone@example.org");
        var client = app.CreateClient();
        var body = new { address = "gone@example.org", type = "hard", code = "5.1.1" };

        var none = await client.SendAsync(Post(body, secret: null));
        var wrong = await client.SendAsync(Post(body, secret: "webhook-secret-0123456789abcdeX"));
        var apiKey = await app.CreateAdminClient().SendAsync(Post(body, secret: null));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], [none.StatusCode, wrong.StatusCode, apiKey.StatusCode]);
        await using var connection = await db.OpenAsync();
        Assert.Equal("active", await connection.ExecuteScalarAsync<string>("SELECT state FROM subscribers"));
    }

    [Fact]
    public async Task WithNoSecretConfiguredTheWebhookDoesNotExist()
    {
        await using var app = App(secret: null);

        var response = await app.CreateClient().SendAsync(Post(new { address = "a@example.org", type = "hard" }, secret: "anything-at-all-0123456789"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AHardBounceSuppressesAndTheSameEventTwiceCountsOnce()
    {
        await using var app = App();
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        await SubscriptionRows.AddSubscriberAsync(db, "full@example.org");
        var client = app.CreateClient();
        var soft = new { address = "full@example.org", type = "soft", code = "5.2.2", text = "mailbox full", id = "evt-1" };

        var first = await (await client.SendAsync(Post(soft))).Content.ReadAsStringAsync();
        var again = await (await client.SendAsync(Post(soft))).Content.ReadAsStringAsync();
        var hard = await (await client.SendAsync(Post(new { address = "FULL@example.org", type = "hard", code = "5.1.1", id = "evt-2" }))).Content.ReadAsStringAsync();

        Assert.Equal(["Counted", "Duplicate", "Suppressed"], new[] { first, again, hard }.Select(b => System.Text.Json.JsonDocument.Parse(b).RootElement.GetProperty("outcome").GetString()));
        await using var connection = await db.OpenAsync();
        Assert.Equal(("hard", "webhook"), await connection.QuerySingleAsync<(string, string)>("SELECT reason, source FROM suppressions"));
    }

    [Fact]
    public async Task ABadBodyIsA400ThatSaysWhy()
    {
        await using var app = App();

        var response = await app.CreateClient().SendAsync(Post(new { address = "not-an-address", type = "bounced" }));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("type must be hard, soft or complaint", text);
        Assert.Contains("An email address is required", text);
    }

    [Fact]
    public async Task TooManyRequestsFromOneClientAreRefused()
    {
        await using var app = App(perMinute: 2);
        var client = app.CreateClient();
        var body = new { address = "nobody@example.org", type = "hard" };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await client.SendAsync(Post(body))).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
