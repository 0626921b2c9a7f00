using Microsoft.Extensions.Options;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public class StartupValidationTests
{
    [Theory]
    [InlineData("PaperMail:Sources:0:Kind", "ArxivApi", "PaperMail:Sources:0:Url")]
    [InlineData("PaperMail:Sources:0:Kind", "File", "PaperMail:Sources:0:Path")]
    [InlineData("PaperMail:Http:TimeoutSeconds", "0", "PaperMail:Http:TimeoutSeconds")]
    [InlineData("PaperMail:Schedules:Ingest", "every hour", "PaperMail:Schedules:Ingest")]
    [InlineData("PaperMail:Digest:SendHourUtc", "24", "PaperMail:Digest:SendHourUtc")]
    [InlineData("PaperMail:Digest:MaxAttempts", "0", "PaperMail:Digest:MaxAttempts")]
    [InlineData("PaperMail:Digest:TimeZone", "Mars/Olympus_Mons", "PaperMail:Digest:TimeZone")]
    [InlineData("PaperMail:RateLimits:FormPosts", "0", "PaperMail:RateLimits:FormPosts")]
    [InlineData("PaperMail:RateLimits:WindowSeconds", "86400", "PaperMail:RateLimits:WindowSeconds")]
    [InlineData("PaperMail:Smtp:MaxConnections", "0", "PaperMail:Smtp:MaxConnections")]
    [InlineData("PaperMail:Smtp:Port", "70000", "PaperMail:Smtp:Port")]
    [InlineData("PaperMail:Smtp:FromAddress", "nobody", "PaperMail:Smtp:FromAddress")]
    [InlineData("PaperMail:Readiness:RelayDownMinutes", "0", "PaperMail:Readiness:RelayDownMinutes")]
    [InlineData("PaperMail:Dkim:Domain", "papermail.example", "PaperMail:Dkim:Selector")]
    public async Task ABadSettingStopsStartUpWithAMessageNamingTheKey(string key, string value, string namedInMessage)
    {
        await using var app = new PaperMailApp()
            .With("PaperMail:Sources:0:Name", "s")
            .With("PaperMail:Sources:0:Kind", "HuggingFaceDaily")
            .With(key, value);

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        var message = error is OptionsValidationException o ? string.Join("; ", o.Failures) : error.ToString();
        Assert.Contains(namedInMessage, message);
    }

    [Fact]
    public async Task AnUnknownSourceKindNamesTheKey()
    {
        await using var app = new PaperMailApp().With("PaperMail:Sources:0:Name", "s").With("PaperMail:Sources:0:Kind", "Gopher");

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        Assert.Contains("PaperMail:Sources:0:Kind", error.ToString());
    }
}
