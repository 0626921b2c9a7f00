using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Subscribing;

/// <summary>Caps on alerts and confirmation emails, and rate limits on the pages that cost work.</summary>
[Collection(nameof(AppCollection))]
public class AbuseLimitTests
{
    [Fact]
    public async Task TheManagePageRefusesATwentyFirstAlertAndSaysWhy()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var subscriber = await bed.ScalarAsync<long>("SELECT id FROM subscribers");
        var db = bed.App.Services.GetRequiredService<SqliteDatabase>();
        for (var i = 0; i < 19; i++) await SubscriptionRows.AddAlertAsync(db, subscriber, $"topic{i}");
        Assert.Contains("up to 20 alerts (you have 20)", await bed.Client.GetStringAsync(manage));

        var response = await bed.PostFormAsync($"{manage}?handler=Add", [new("query", "retrieval"), new("minUpvotes", "")], manage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("You have 20 alerts, the most one address may have", page);
        Assert.Contains("value=\"retrieval\"", page);
        Assert.Equal(20, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts WHERE state = 'active'"));
    }

    [Fact]
    public async Task AnAddressWithFiveUnconfirmedAlertsGetsNoMoreConfirmationsAndTheFormAnswersTheSame()
    {
        await using var bed = new SubscribingTestBed(app => app
            .With("PaperMail:RateLimits:ConfirmationEmailsPerAddressPerHour", "100")
            .With("PaperMail:RateLimits:FormPosts", "100"));
        for (var i = 0; i < 5; i++)
        {
            await bed.SubmitAsync("ada@example.org", $"topic{i}");
            await bed.Smtp.NextAsync();
        }

        var sixth = await bed.SubmitAsync("ada@example.org", "topic5");

        Assert.Equal(HttpStatusCode.SeeOther, sixth.StatusCode);
        Assert.Equal("/check-inbox", sixth.Headers.Location?.OriginalString);
        // Sending is over when the form answers: the five confirmations are all there is.
        Assert.Equal(5, bed.Smtp.Received.Count);
        Assert.Equal(5, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts WHERE state = 'pending'"));
    }

    [Fact]
    public async Task TheHourlyCapOnConfirmationEmailsHoldsAcrossAddressesAndClients()
    {
        await using var bed = new SubscribingTestBed(app => PeerAddressFilter.On(app).With("PaperMail:Limits:ConfirmationEmailsPerHour", "2"));
        for (var i = 0; i < 3; i++)
        {
            var client = bed.NewClient();
            client.DefaultRequestHeaders.Add(PeerAddressFilter.Header, $"203.0.113.{i + 1}");
            var response = await bed.SubmitAsync($"person{i}@example.org", "multilingual", client: client);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        Assert.Equal(2, bed.Smtp.Received.Count);
        Assert.Equal(2, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers WHERE email = 'person2@example.org'"));
    }

    [Theory]
    [InlineData("/?q=multilingual")]
    [InlineData("/papers?q=multilingual")]
    [InlineData("/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/manage")]
    [InlineData("/digests/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task PagesThatCostWorkAreRateLimitedPerClient(string path)
    {
        await using var bed = new SubscribingTestBed(app => PeerAddressFilter.On(app).With("PaperMail:RateLimits:PageViews", "3"));
        var client = bed.NewClient();
        client.DefaultRequestHeaders.Add(PeerAddressFilter.Header, "203.0.113.7");
        for (var i = 0; i < 3; i++) Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync(path)).StatusCode);

        var limited = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        var other = bed.NewClient();
        other.DefaultRequestHeaders.Add(PeerAddressFilter.Header, "203.0.113.8");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task AtomFeedsHaveTheirOwnLimit()
    {
        await using var bed = new SubscribingTestBed(app => app.With("PaperMail:RateLimits:FeedRequests", "2"));
        var path = "/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.atom";
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync(path)).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await bed.Client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task IPv6ClientsInOneSlash64ShareALimitAndAnotherSlash64DoesNot()
    {
        await using var bed = new SubscribingTestBed(app => PeerAddressFilter.On(app).With("PaperMail:RateLimits:PageViews", "2"));
        HttpClient From(string address)
        {
            var client = bed.NewClient();
            client.DefaultRequestHeaders.Add(PeerAddressFilter.Header, address);
            return client;
        }

        Assert.Equal(HttpStatusCode.OK, (await From("2001:db8:1:2::1").GetAsync("/?q=x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await From("2001:db8:1:2:ffff::9").GetAsync("/?q=x")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await From("2001:db8:1:2:abcd:1234:5678:9abc").GetAsync("/?q=x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await From("2001:db8:1:3::1").GetAsync("/?q=x")).StatusCode);
    }

    [Fact]
    public async Task BehindAnUnlistedProxyForwardedAddressesAreIgnoredAndBehindAListedOneTheyCount()
    {
        async Task<HttpStatusCode> ThirdClientAsync(PaperMailApp app)
        {
            HttpStatusCode last = default;
            for (var i = 0; i < 3; i++)
            {
                var client = app.CreateClient();
                client.DefaultRequestHeaders.Add(PeerAddressFilter.Header, "10.0.0.5");
                client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
                last = (await client.GetAsync("/?q=x")).StatusCode;
            }
            return last;
        }

        await using (var untrusted = PeerAddressFilter.On(new PaperMailApp()).With("PaperMail:RateLimits:PageViews", "2"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, await ThirdClientAsync(untrusted));
        }
        await using var trusted = PeerAddressFilter.On(new PaperMailApp()).With("PaperMail:RateLimits:PageViews", "2")
            .With("PaperMail:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/24");
        Assert.Equal(HttpStatusCode.OK, await ThirdClientAsync(trusted));
    }

    [Theory]
    [InlineData("PaperMail:ForwardedHeaders:KnownProxies:0", "not-an-ip", "PaperMail:ForwardedHeaders:KnownProxies:0")]
    [InlineData("PaperMail:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99", "PaperMail:ForwardedHeaders:KnownNetworks:0")]
    [InlineData("PaperMail:Limits:MaxAlertsPerSubscriber", "0", "PaperMail:Limits:MaxAlertsPerSubscriber")]
    [InlineData("PaperMail:Links:UnsubscribeDays", "30", "PaperMail:Links:UnsubscribeDays")]
    [InlineData("PaperMail:Housekeeping:EmailLogDays", "0", "PaperMail:Housekeeping:EmailLogDays")]
    public async Task ABadSettingStopsStartUpNamingTheKey(string key, string value, string named)
    {
        await using var app = new PaperMailApp().With(key, value);

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        Assert.Contains(named, error is Microsoft.Extensions.Options.OptionsValidationException o ? string.Join("; ", o.Failures) : error.ToString());
    }
}
