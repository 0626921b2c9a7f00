using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>A digest's links: one token per digest, lifetimes per purpose, revocation.</summary>
[Collection(nameof(AppCollection))]
public sealed class DigestLinkLifetimeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly TestSmtpServer _smtp = new();
    private PaperMailApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = _smtp.Configure(new PaperMailApp())
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithServices(s => s.AddSingleton<TimeProvider>(_clock));
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        var db = _app.Services.GetRequiredService<SqliteDatabase>();
        var subscriber = await SubscriptionRows.AddSubscriberAsync(db, "reader@example.org");
        await SubscriptionRows.AddAlertAsync(db, subscriber, "multilingual");
        await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        _client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<(string Manage, string Unsubscribe, string Web)> SendDigestAsync()
    {
        using (var scope = _app.Services.CreateScope())
        {
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None)).Sent);
        }
        var text = (await _smtp.NextAsync()).TextBody!;
        string Path(string label) => new Uri(Regex.Match(text, label + @": (\S+)").Groups[1].Value).AbsolutePath;
        return (Path("Manage your alerts"), Path("Unsubscribe"), Path("View in browser"));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await _app.Services.GetRequiredService<SqliteDatabase>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql);
    }

    [Fact]
    public async Task ADigestStoresOneTokenHashAndNoLinkTokenRows()
    {
        var (manage, unsubscribe, web) = await SendDigestAsync();

        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM subscription_tokens"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM digests WHERE web_token_hash IS NOT NULL"));
        var token = web.Split('/')[^1];
        Assert.Equal("/manage/" + token, manage);
        Assert.Equal("/unsubscribe/" + token, unsubscribe);
    }

    [Fact]
    public async Task TheUnsubscribeLinkWorksSixtyDaysLaterWhileTheManageLinkHasExpired()
    {
        var (manage, unsubscribe, web) = await SendDigestAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(manage)).StatusCode);

        _clock.Advance(TimeSpan.FromDays(61));

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(manage)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(web)).StatusCode);
        var oneClick = await _client.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM subscribers WHERE state = 'unsubscribed'"));
    }

    [Fact]
    public async Task AfterNinetyDaysEveryLinkOfTheDigestHasExpired()
    {
        var (manage, unsubscribe, web) = await SendDigestAsync();

        _clock.Advance(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(manage)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(unsubscribe)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(web)).StatusCode);
    }

    [Fact]
    public async Task SigningOutAllLinksStopsTheDigestsManageLinkButNotItsUnsubscribeLink()
    {
        var (manage, unsubscribe, _) = await SendDigestAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));

        var response = await PostAsync(manage + "?handler=SignOut", manage);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/manage?done=signed-out", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(manage)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(unsubscribe)).StatusCode);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM subscribers WHERE state = 'active'"));
    }

    [Fact]
    public async Task AFeedAddressWorksUntilANewOneReplacesIt()
    {
        var (manage, _, _) = await SendDigestAsync();

        var first = FeedPath(await (await PostAsync(manage + "?handler=Feed", manage)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(first)).StatusCode);

        var second = FeedPath(await (await PostAsync(manage + "?handler=Feed", manage)).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(second)).StatusCode);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM subscription_tokens WHERE purpose = 'feeds'"));
        // Feed addresses do not expire: feed readers keep them for years.
        _clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(second)).StatusCode);
    }

    private static string FeedPath(string html) =>
        new Uri(Regex.Match(html, @"<code id=""feed-url"">([^<]+)</code>").Groups[1].Value).AbsolutePath;

    private async Task<HttpResponseMessage> PostAsync(string path, string tokenFrom)
    {
        var antiforgery = await SubscribingTestBed.AntiforgeryTokenAsync(_client, tokenFrom);
        return await _client.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery)]));
    }
}
