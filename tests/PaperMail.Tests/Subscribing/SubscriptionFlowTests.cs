using System.Net;
using MimeKit;
using PaperMail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace PaperMail.Tests.Subscribing;

[Collection(nameof(AppCollection))]
public class SubscriptionFlowTests
{
    [Fact]
    public async Task SubscribingSendsAConfirmationEmailWhoseLinkActivatesTheAlert()
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.SubmitAsync("Ada@Example.org", "multilingual -survey", "daily", "3");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/check-inbox", response.Headers.Location?.OriginalString);
        var email = await bed.Smtp.NextAsync();
        Assert.Equal("Ada@Example.org", ((MailboxAddress)email.To.Single()).Address);
        Assert.Equal("alerts@papermail.example", ((MailboxAddress)email.From.Single()).Address);
        Assert.EndsWith("@papermail.example", email.MessageId);
        Assert.Contains("multilingual", email.HtmlBody);
        Assert.Contains("multilingual", email.TextBody);
        Assert.Contains("/confirm/", email.HtmlBody);
        Assert.Equal("pending", await bed.ScalarAsync<string>("SELECT state FROM alerts"));

        var confirmed = await bed.ConfirmAsync(SubscribingTestBed.ConfirmPath(email));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var page = await confirmed.Content.ReadAsStringAsync();
        Assert.Contains("Your alert is confirmed", page);
        Assert.Contains("daily", page);
        Assert.Equal("active", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
        Assert.Equal("active", await bed.ScalarAsync<string>("SELECT state FROM alerts"));
        Assert.Equal(2, await bed.ScalarAsync<long>("SELECT version FROM alerts"));
        Assert.Equal(3, await bed.ScalarAsync<long>("SELECT min_upvotes FROM alerts"));
    }

    [Fact]
    public async Task ConfirmingTwiceSaysAlreadyConfirmedAndChangesNothing()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubmitAsync("ada@example.org", "multilingual");
        var confirm = SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync());

        Assert.Equal(HttpStatusCode.OK, (await bed.ConfirmAsync(confirm)).StatusCode);
        var tokensAfterFirst = await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens");
        var again = await bed.PostFormAsync(confirm, [], tokenFrom: "/");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var page = await again.Content.ReadAsStringAsync();
        Assert.Contains("already confirmed", page);
        Assert.DoesNotContain("manage-link", page);
        Assert.Contains("already confirmed", await bed.Client.GetStringAsync(confirm));
        Assert.Equal(2, await bed.ScalarAsync<long>("SELECT version FROM alerts"));
        Assert.Equal(tokensAfterFirst, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens"));
    }

    [Fact]
    public async Task TheManagePageEditsPausesResumesAddsAndDeletesAlerts()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var page = await bed.Client.GetStringAsync(manage);
        Assert.Contains("<code>multilingual</code>", page);
        var alertId = await bed.ScalarAsync<long>("SELECT id FROM alerts");

        var saved = await bed.PostFormAsync($"{manage}?handler=Save", [new("alertId", $"{alertId}"), new("query", "Long   Context"), new("minUpvotes", "7")], manage);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        page = await bed.Client.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Saved.", page);
        Assert.DoesNotContain("<code>multilingual</code>", page);
        Assert.Equal(3, await bed.ScalarAsync<long>($"SELECT version FROM alerts WHERE id = {alertId}"));
        Assert.Equal(7, await bed.ScalarAsync<long>($"SELECT min_upvotes FROM alerts WHERE id = {alertId}"));

        await bed.PostFormAsync($"{manage}?handler=Pause", [new("alertId", $"{alertId}")], manage);
        Assert.Equal(1, await bed.ScalarAsync<long>($"SELECT paused FROM alerts WHERE id = {alertId}"));
        Assert.Contains("Resume", await bed.Client.GetStringAsync(manage));
        await bed.PostFormAsync($"{manage}?handler=Resume", [new("alertId", $"{alertId}")], manage);
        Assert.Equal(0, await bed.ScalarAsync<long>($"SELECT paused FROM alerts WHERE id = {alertId}"));

        var added = await bed.PostFormAsync($"{manage}?handler=Add", [new("query", "retrieval"), new("minUpvotes", "")], manage);
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        Assert.Contains("<code>retrieval</code>", await bed.Client.GetStringAsync(manage));
        Assert.Equal(2, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts WHERE state = 'active'"));

        await bed.PostFormAsync($"{manage}?handler=Delete", [new("alertId", $"{alertId}")], manage);
        page = await bed.Client.GetStringAsync(manage);
        Assert.Contains("<code>retrieval</code>", page);
        Assert.DoesNotContain($"id=\"alert-{alertId}\"", page);
        Assert.Equal("deleted", await bed.ScalarAsync<string>($"SELECT state FROM alerts WHERE id = {alertId}"));

        await bed.PostFormAsync($"{manage}?handler=Frequency", [new("frequency", "daily")], manage);
        Assert.Equal("daily", await bed.ScalarAsync<string>("SELECT frequency FROM subscribers"));
    }

    [Fact]
    public async Task EditingAnAlertsQueryDropsItsStoredMatches()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var alertId = await bed.ScalarAsync<long>("SELECT id FROM alerts");
        await bed.ScalarAsync<long>($"""
            INSERT INTO papers (id, title, first_seen_at, changed_at, change_seq) VALUES ('2401.00001', 'A multilingual paper', 0, 0, 1);
            INSERT INTO matches (alert_id, paper_id, subscriber_id, matched_at, relevance, score, hits)
            SELECT {alertId}, '2401.00001', subscriber_id, 0, 1, 1, '[]' FROM alerts WHERE id = {alertId};
            SELECT COUNT(*) FROM matches
            """);

        await bed.PostFormAsync($"{manage}?handler=Save", [new("alertId", $"{alertId}"), new("query", "retrieval")], manage);

        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM matches"));
    }

    [Fact]
    public async Task TheUnsubscribePageAsksThenUnsubscribesOnPost()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, unsubscribe) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");

        var ask = await bed.Client.GetStringAsync(unsubscribe);
        Assert.Contains("Unsubscribe?", ask);
        Assert.Equal("active", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));

        var done = await bed.PostFormAsync(unsubscribe, []);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("You are unsubscribed", await done.Content.ReadAsStringAsync());
        Assert.Equal("unsubscribed", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
        // Leaving signs out the manage links: a forwarded email no longer opens the address's settings.
        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync(manage)).StatusCode);
        Assert.Contains("You are unsubscribed", await bed.Client.GetStringAsync(unsubscribe));
    }

    [Fact]
    public async Task AOneClickUnsubscribePostWithoutAntiforgerySucceedsAtOnceAndStopsAllEmail()
    {
        await using var bed = new SubscribingTestBed();
        var (_, unsubscribe) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        using var mailProvider = bed.NewClient(); // no cookies, no antiforgery token

        var response = await mailProvider.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unsubscribed", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
        Assert.Equal("one-click", await bed.ScalarAsync<string>("SELECT state_reason FROM subscribers"));
        // The match job's selection of alerts (MatchStore.GetActiveAlertsAsync) finds nothing for the address any more.
        Assert.Equal(0, await bed.ScalarAsync<long>("""
            SELECT COUNT(*) FROM alerts a JOIN subscribers s ON s.id = a.subscriber_id
            WHERE a.state = 'active' AND a.paused = 0 AND s.state = 'active'
            """));
    }

    [Fact]
    public async Task AnOldConfirmationLinkCannotReactivateAnAddressThatUnsubscribed()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubmitAsync("ada@example.org", "retrieval");
        var oldLink = SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync());
        var (_, unsubscribe) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        await bed.PostFormAsync(unsubscribe, []);
        await bed.SubmitAsync("ada@example.org", "encoder"); // a new subscription, waiting for its own confirmation
        await bed.Smtp.NextAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync(oldLink)).StatusCode);
        var response = await bed.PostFormAsync(oldLink, [], tokenFrom: "/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("pending", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM alerts WHERE state = 'active'"));
    }

    [Fact]
    public async Task TheManagePageCanUnsubscribeFromEverything()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");

        var response = await bed.PostFormAsync($"{manage}?handler=Unsubscribe", [], manage);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("unsubscribed", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
    }

    [Fact]
    public async Task AKnownAddressMustConfirmANewAlertBeforeItCounts()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");

        await bed.SubmitAsync("ADA@example.org", "retrieval");
        var email = await bed.Smtp.NextAsync();

        Assert.Contains("retrieval", email.TextBody);
        Assert.DoesNotContain("<code>retrieval</code>", await bed.Client.GetStringAsync(manage));
        await bed.ConfirmAsync(SubscribingTestBed.ConfirmPath(email));
        Assert.Contains("<code>retrieval</code>", await bed.Client.GetStringAsync(manage));
        Assert.Equal(1, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers"));
    }

    [Fact]
    public async Task TheFormAnswersIdenticallyForNewPendingAndActiveAddresses()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubscribeAndConfirmAsync("active@example.org", "multilingual");
        await bed.SubmitAsync("pending@example.org", "multilingual");
        await bed.Smtp.NextAsync();

        var answers = new List<string>();
        foreach (var email in new[] { "new@example.org", "pending@example.org", "active@example.org" })
        {
            var response = await bed.SubmitAsync(email, "retrieval");
            answers.Add($"{(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("303 /check-inbox ", answers[0]);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
    }

    [Fact]
    public async Task AnAddressGetsAtMostThreeConfirmationEmailsAnHourWithTheSameAnswer()
    {
        await using var bed = new SubscribingTestBed();
        for (var i = 0; i < 3; i++)
        {
            await bed.SubmitAsync("ada@example.org", "multilingual");
            await bed.Smtp.NextAsync();
        }

        var fourth = await bed.SubmitAsync("Ada@example.org", "multilingual");

        Assert.Equal(HttpStatusCode.SeeOther, fourth.StatusCode);
        Assert.Equal("/check-inbox", fourth.Headers.Location?.OriginalString);
        Assert.Equal(3, bed.Smtp.Received.Count);
    }

    [Fact]
    public async Task AnExpiredConfirmationLinkGetsAFriendlyPageWithAWayToStartAgain()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = new SubscribingTestBed(app => app.WithServices(s => s.AddSingleton<TimeProvider>(clock)));
        await bed.SubmitAsync("ada@example.org", "multilingual");
        var confirm = SubscribingTestBed.ConfirmPath(await bed.Smtp.NextAsync());

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.NotFound, (await bed.PostFormAsync(confirm, [], tokenFrom: "/")).StatusCode);
        var response = await bed.Client.GetAsync(confirm);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("This link does not work any more", page);
        Assert.Contains("Start again", page);
        Assert.Equal("pending", await bed.ScalarAsync<string>("SELECT state FROM alerts"));
    }

    [Theory]
    [InlineData("/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/unsubscribe/%3Cscript%3E")]
    public async Task UnknownTokensGetAFriendlyPage(string path)
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Start again", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ATokenOnlyWorksForItsOwnPurpose()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, unsubscribe) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var manageToken = manage.Split('/')[^1];
        var unsubscribeToken = unsubscribe.Split('/')[^1];

        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync($"/unsubscribe/{manageToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync($"/manage/{unsubscribeToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync($"/confirm/{manageToken}")).StatusCode);
    }
}
