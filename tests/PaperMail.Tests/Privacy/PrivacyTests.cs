using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperMail.Tests.Admin;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Privacy;

[Collection(nameof(AppCollection))]
public class PrivacyTests
{
    private const string Address = "privacy-probe@example.org";

    [Fact]
    public async Task NoLogLineAtInformationOrAboveCarriesAnEmailAddress()
    {
        var logs = new CapturedLogs();
        await using (var bed = new SubscribingTestBed(app => app.WithServices(s => s.AddSingleton<ILoggerProvider>(logs))))
        {
            var (manage, unsubscribe) = await bed.SubscribeAndConfirmAsync(Address, "multilingual");
            await bed.PostFormAsync("/manage", [new("Email", Address)]);
            await bed.Smtp.NextAsync();
            await bed.PostFormAsync("/manage", [new("Email", "nobody-" + Address)]);
            for (var i = 0; i < 6; i++) await bed.SubmitAsync(Address, $"topic{i}");
            await bed.PostFormAsync(unsubscribe, []);
        }
        // Delivery failures: nothing listens on the SMTP port of a plain app.
        await using (var failing = new PaperMailApp().WithServices(s => s.AddSingleton<ILoggerProvider>(logs)))
        {
            var client = failing.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var token = await SubscribingTestBed.AntiforgeryTokenAsync(client, "/");
            var response = await client.PostAsync("/", new FormUrlEncodedContent([
                new("Email", Address), new("Query", "multilingual"), new("Frequency", "weekly"), new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        // A refusal whose reply quotes the address, as Postfix's do ("<x@y>: Recipient address rejected").
        await using (var smtp = await PaperMail.Tests.Delivery.FaultInjectingSmtpServer.StartAsync())
        {
            smtp.RecipientFault = to => PaperMail.Tests.Delivery.FaultInjectingSmtpServer.Reply(550, $"5.1.1 <{to}>: Recipient address rejected");
            await using var refusing = new SubscribingTestBed(app => app
                .With("PaperMail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithServices(s => s.AddSingleton<ILoggerProvider>(logs)));
            Assert.Equal(HttpStatusCode.SeeOther, (await refusing.SubmitAsync(Address, "multilingual")).StatusCode);
        }

        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, line => line.Contains("could not be sent", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("Recipient address rejected", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("privacy-probe", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task APrivacyDeleteLeavesTheAddressNowhereInTheDatabaseFiles()
    {
        await using var bed = new SubscribingTestBed();
        await bed.SubscribeAndConfirmAsync(Address, "multilingual");
        var id = await bed.ScalarAsync<long>("SELECT id FROM subscribers");
        Assert.True(FilesContain(bed.App.DatabasePath, Address), "the address should be in the files before the delete");
        var admin = new AdminBrowser(bed.App);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.LoginAsync()).StatusCode);

        var response = await admin.PostFormAsync("/admin/subscribers", "/admin/subscribers?handler=Delete", ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers"));
        Assert.False(FilesContain(bed.App.DatabasePath, Address), "the address is still in the database files");
    }

    private static bool FilesContain(string databasePath, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var path in new[] { databasePath, databasePath + "-wal" })
        {
            if (!File.Exists(path)) continue;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            if (memory.ToArray().AsSpan().IndexOf(needle) >= 0) return true;
        }
        return false;
    }
}
