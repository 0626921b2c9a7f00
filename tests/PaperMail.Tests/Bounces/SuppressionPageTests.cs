using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Bounces;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Admin;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Bounces;

[Collection(nameof(AppCollection))]
public sealed class SuppressionPageTests
{
    [Fact]
    public async Task TheAdminFiltersByReasonAndLiftsAllThatMatchInOnePost()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        var bounces = app.Services.GetRequiredService<IBounceStore>();
        var at = DateTimeOffset.UtcNow;
        foreach (var (email, verdict) in new[] { ("a@example.org", BounceVerdict.Hard), ("b@example.org", BounceVerdict.Hard), ("c@example.org", BounceVerdict.Complaint) })
        {
            var id = await SubscriptionRows.AddSubscriberAsync(db, email);
            await bounces.RecordAsync(new BounceEvent(id, verdict, "5.7.1", "Relay access denied", "smtp", email, at), SoftBouncePolicy.Default);
        }

        var hardOnly = await (await browser.GetAsync("/admin/suppressions?reason=hard")).Content.ReadAsStringAsync();
        var lift = await browser.PostFormAsync("/admin/suppressions?reason=hard", "/admin/suppressions?handler=LiftAll", ("reason", "hard"), ("from", ""), ("to", ""));

        Assert.Contains("2 suppressed address(es) match", hardOnly);
        Assert.DoesNotContain("c@example.org", hardOnly);
        Assert.Equal(HttpStatusCode.Redirect, lift.StatusCode);
        await using var connection = await db.OpenAsync();
        Assert.Equal(["active", "active", "suppressed"], (await connection.QueryAsync<string>("SELECT state FROM subscribers ORDER BY email")).ToList());
    }

    [Fact]
    public async Task ABadDateIsExplainedNotA500()
    {
        await using var app = new PaperMailApp();
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var response = await browser.GetAsync("/admin/suppressions?from=yesterday&reason=everything");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("First day must be a date", html);
        Assert.Contains("Reason must be one of", html);
    }

    [Fact]
    public async Task ABouncedAddressThatSubscribesAgainGetsAConfirmationEmail()
    {
        await using var bed = new SubscribingTestBed();
        var db = bed.App.Services.GetRequiredService<SqliteDatabase>();
        var id = await SubscriptionRows.AddSubscriberAsync(db, "back@example.org");
        await bed.App.Services.GetRequiredService<IBounceStore>().RecordAsync(
            new BounceEvent(id, BounceVerdict.Hard, "5.1.1", "user unknown", "smtp", "x", DateTimeOffset.UtcNow), SoftBouncePolicy.Default);

        var response = await bed.SubmitAsync("back@example.org", "multilingual");
        var email = await bed.Smtp.NextAsync();

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("back@example.org", email.To.Mailboxes.Single().Address);
        Assert.Contains("/confirm/", email.TextBody);
    }

    [Fact]
    public async Task AConfirmationGoesOutWithAVerpEnvelopeSenderThatFindsItsSubscriber()
    {
        await using var smtp = await PaperMail.Tests.Delivery.FaultInjectingSmtpServer.StartAsync();
        await using var bed = new SubscribingTestBed(app => app
            .With("PaperMail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("PaperMail:Bounces:Address", "bounces@papermail.example"));

        await bed.SubmitAsync("new@example.org", "multilingual");
        var envelope = Assert.Single(smtp.Envelopes);
        var verpId = VerpAddress.FindId("bounces@papermail.example", envelope.From);
        var found = await bed.App.Services.GetRequiredService<IBounceStore>().FindSubscriberAsync(verpId, null, null);

        Assert.Matches("^bounces\\+[a-z2-7]{16}@papermail\\.example$", envelope.From);
        Assert.Equal(await bed.ScalarAsync<long>("SELECT id FROM subscribers WHERE email = 'new@example.org'"), found);
    }
}
