using System.Net;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Subscribing;

/// <summary>Mail gateways and clients open every link in an email: opening one (a GET) must change nothing.</summary>
[Collection(nameof(AppCollection))]
public class LinkScannerTests
{
    [Fact]
    public async Task OpeningAConfirmationLinkShowsWhatWillBeConfirmedAndChangesNothing()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubmitAsync("ada@example.org", "multilingual -survey", "daily", "3");
        var confirm = SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync());
        var tokensBefore = await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens");

        for (var i = 0; i < 21; i++)
        {
            var response = await bed.NewClient().GetAsync(confirm);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadAsStringAsync();
            Assert.Contains("Confirm your alert", page);
            Assert.Contains("<code>multilingual -survey</code>", page);
            Assert.Contains("ada@example.org", page);
            Assert.Contains("id=\"confirm-button\"", page);
        }

        Assert.Equal("pending", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
        Assert.Equal("pending", await bed.ScalarAsync<string>("SELECT state FROM alerts"));
        Assert.Equal(1, await bed.ScalarAsync<long>("SELECT version FROM alerts"));
        Assert.Equal(tokensBefore, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens"));
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens WHERE used_at IS NOT NULL"));
    }

    [Fact]
    public async Task AConfirmPostWithoutTheAntiforgeryTokenIsRefusedAndConfirmsNothing()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubmitAsync("ada@example.org", "multilingual");
        var confirm = SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync());

        var response = await bed.Client.PostAsync(confirm, new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("pending", await bed.ScalarAsync<string>("SELECT state FROM alerts"));
    }

    [Fact]
    public async Task PressingConfirmActivatesTheAlertOnceAndMarksTheTokenUsed()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubmitAsync("ada@example.org", "multilingual");
        var confirm = SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync());

        var response = await bed.ConfirmAsync(confirm);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your alert is confirmed", await response.Content.ReadAsStringAsync());
        Assert.Equal("active", await bed.ScalarAsync<string>("SELECT state FROM alerts"));
        Assert.Equal(1, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens WHERE purpose = 'confirm' AND used_at IS NOT NULL"));
    }

    [Fact]
    public async Task OpeningEveryLinkOfTheManageAndUnsubscribePagesStoresNoTokens()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, unsubscribe) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var before = await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens");

        foreach (var path in new[] { manage, unsubscribe, "/manage", "/", "/?q=multilingual", "/unsubscribed" })
        {
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await bed.NewClient().GetAsync(path)).StatusCode);
        }

        Assert.Equal(before, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens"));
        Assert.Equal("active", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
    }
}
