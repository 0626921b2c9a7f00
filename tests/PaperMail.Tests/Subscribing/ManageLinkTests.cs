using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Subscribing;

/// <summary>Manage links: their lifetime, asking for a fresh one by address, and signing them all out.</summary>
[Collection(nameof(AppCollection))]
public class ManageLinkTests
{
    private static string ManagePath(MimeKit.MimeMessage message) =>
        Regex.Match(message.TextBody ?? "", @"http://localhost(/manage/[A-Za-z0-9_-]{43})") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No manage link");

    [Fact]
    public async Task AskingForAManageLinkAnswersTheSameForKnownAndUnknownAddressesAndMailsOnlyTheKnownOne()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");

        var answers = new List<string>();
        foreach (var email in new[] { "nobody@example.org", "Ada@Example.org" })
        {
            var response = await bed.PostFormAsync("/manage", [new("Email", email)]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadAsStringAsync();
            answers.Add(Regex.Match(page, "<main id=\"main\">.*</main>", RegexOptions.Singleline).Value.Replace(email, "ADDRESS", StringComparison.Ordinal));
        }

        Assert.Contains("an email with a manage link is on its way", answers[0]);
        Assert.Equal(answers[0], answers[1]);
        var mail = await bed.Smtp.NextAsync();
        Assert.Equal("ada@example.org", mail.To.Mailboxes.Single().Address);
        Assert.Contains("<code>multilingual</code>", await bed.Client.GetStringAsync(ManagePath(mail)));
        // The confirmation and one manage link: sending is over when the page answers, so nothing else comes.
        Assert.Equal(2, bed.Smtp.Received.Count);
    }

    [Fact]
    public async Task AnInvalidAddressIsShownAgainWithAMessage()
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.PostFormAsync("/manage", [new("Email", "not an <address>")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"email-error\"", page);
        Assert.Contains("value=\"not an &lt;address&gt;\"", page);
    }

    [Fact]
    public async Task AnAddressGetsAtMostThreeManageLinksAnHour()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");

        for (var i = 0; i < 4; i++) await bed.PostFormAsync("/manage", [new("Email", "ada@example.org")]);

        // The confirmation and three manage links; the fourth request mailed nothing.
        Assert.Equal(4, bed.Smtp.Received.Count);
        Assert.Equal(3, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_tokens WHERE purpose = 'manage' AND expires_at IS NOT NULL") - 1);
    }

    [Fact]
    public async Task AManageLinkExpiresAfterThirtyDaysAndTheUnsubscribeLinkStillWorks()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = new SubscribingTestBed(app => app.WithServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (manage, unsubscribe) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");

        clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(HttpStatusCode.OK, (await bed.Client.GetAsync(manage)).StatusCode);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync(manage)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bed.Client.GetAsync(unsubscribe)).StatusCode);
    }

    [Fact]
    public async Task SigningOutAllLinksStopsEveryManageLinkAndAFreshOneWorks()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, unsubscribe) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        await bed.PostFormAsync("/manage", [new("Email", "ada@example.org")]);
        var second = ManagePath(await bed.Smtp.NextAsync());

        var response = await bed.PostFormAsync($"{manage}?handler=SignOut", [], manage);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("All your manage links are signed out", await bed.Client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync(manage)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.Client.GetAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bed.Client.GetAsync(unsubscribe)).StatusCode);

        await bed.PostFormAsync("/manage", [new("Email", "ada@example.org")]);
        Assert.Equal(HttpStatusCode.OK, (await bed.Client.GetAsync(ManagePath(await bed.Smtp.NextAsync()))).StatusCode);
    }
}
