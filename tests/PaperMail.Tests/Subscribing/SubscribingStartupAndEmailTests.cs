using System.Net;
using Microsoft.Extensions.Options;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Subscribing;

[Collection(nameof(AppCollection))]
public class SubscribingStartupAndEmailTests
{
    [Theory]
    [InlineData("PaperMail:Smtp:FromAddress", "", "PaperMail:Smtp:FromAddress")]
    [InlineData("PaperMail:Smtp:FromAddress", "not an address", "PaperMail:Smtp:FromAddress")]
    [InlineData("PaperMail:Smtp:Host", "", "PaperMail:Smtp:Host")]
    [InlineData("PaperMail:Smtp:Security", "Tls9", "PaperMail:Smtp:Security")]
    [InlineData("PaperMail:RateLimits:FormPosts", "0", "FormPosts")]
    public async Task ABadEmailOrRateLimitSettingStopsStartUpNamingTheKey(string key, string value, string named)
    {
        await using var app = new PaperMailApp().With(key, value);

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        var message = error is OptionsValidationException o ? string.Join("; ", o.Failures) : error.ToString();
        Assert.Contains(named, message);
    }

    [Fact]
    public async Task TheConfirmationEmailKeepsNonAsciiTextAsIsAndUsesUtf8()
    {
        await using var bed = new SubscribingTestBed();

        await bed.SubmitAsync("ada@bücher.example", "multilingual");
        var email = await bed.Smtp.NextAsync();

        Assert.Contains("ada@bücher.example", email.HtmlBody);
        Assert.DoesNotMatch("&#x?[0-9A-Fa-f]+;", email.HtmlBody); // Razor would write ü as an entity without the all-ranges encoder
        Assert.Contains("ada@bücher.example", email.TextBody);
        Assert.All(email.BodyParts.OfType<MimeKit.TextPart>(), part => Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true));
        Assert.Equal(["text/plain", "text/html"], email.BodyParts.Select(p => p.ContentType.MimeType));
    }

    [Fact]
    public async Task AnOversizedFormFieldIsRefusedWithoutAServerError()
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.SubmitAsync("ada@example.org", new string('a', 40_000));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // the form reader refuses values over 16 KiB
        Assert.Empty(bed.Smtp.Received);
    }
}
