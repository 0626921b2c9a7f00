using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Admin;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Subscribing;

/// <summary>What the README promises about a suppressed address (one whose server answered 5xx to RCPT).</summary>
[Collection(nameof(AppCollection))]
public sealed class SuppressedAddressTests
{
    [Fact]
    public async Task SubscribingAgainSendsNothingUntilTheOperatorLiftsTheSuppression()
    {
        await using var bed = new SubscribingTestBed();
        var db = bed.App.Services.GetRequiredService<SqliteDatabase>();
        var bounced = await SubscriptionRows.AddSubscriberAsync(db, "bounced@example.org", state: "suppressed");

        var again = await bed.SubmitAsync("bounced@example.org", "multilingual");

        // The form answers as for anyone (it does not reveal which addresses are known), and mails nothing.
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.Empty(bed.Smtp.Received);

        var admin = new AdminBrowser(bed.App);
        await admin.LoginAsync();
        await admin.PostFormAsync("/admin", "/admin?handler=Lift", ("subscriberId", bounced.ToString(CultureInfo.InvariantCulture)));
        var afterLift = await bed.SubmitAsync("bounced@example.org", "multilingual");

        Assert.Equal(HttpStatusCode.SeeOther, afterLift.StatusCode);
        Assert.Equal("bounced@example.org", (await bed.Smtp.NextAsync()).To.Mailboxes.Single().Address);
    }
}
