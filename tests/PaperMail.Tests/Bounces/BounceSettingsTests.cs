using Microsoft.Extensions.Options;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Bounces;

[Collection(nameof(AppCollection))]
public sealed class BounceSettingsTests
{
    [Theory]
    [InlineData("PaperMail:Bounces:Address", "bounces+x@example.org", "PaperMail:Bounces:Address")]
    [InlineData("PaperMail:Bounces:Address", "not an address", "PaperMail:Bounces:Address")]
    [InlineData("PaperMail:Bounces:Host", "imap.example.org", "PaperMail:Bounces:Username")]
    [InlineData("PaperMail:Bounces:WebhookSecret", "short", "PaperMail:Bounces:WebhookSecret")]
    [InlineData("PaperMail:Bounces:RelayRejectionThreshold", "1", "PaperMail:Bounces:RelayRejectionThreshold")]
    [InlineData("PaperMail:Smtp:MaxMessagesPerSecond", "-1", "PaperMail:Smtp:MaxMessagesPerSecond")]
    public async Task ABadBounceOrQuotaSettingStopsStartUpNamingTheKey(string key, string value, string namedInMessage)
    {
        await using var app = new PaperMailApp().With(key, value);

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        var message = error is OptionsValidationException o ? string.Join("; ", o.Failures) : error.ToString();
        Assert.Contains(namedInMessage, message);
    }

    [Fact]
    public async Task ABadBounceScheduleNamesTheKey()
    {
        await using var app = new PaperMailApp()
            .With("PaperMail:Bounces:Host", "imap.example.org").With("PaperMail:Bounces:Username", "u").With("PaperMail:Bounces:Password", "p")
            .With("PaperMail:Bounces:Schedule", "every ten minutes");

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        Assert.Contains("PaperMail:Bounces:Schedule", error.ToString());
    }
}
