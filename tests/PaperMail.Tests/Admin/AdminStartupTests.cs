using Microsoft.Extensions.Options;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public class AdminStartupTests
{
    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task OutsideDevelopmentStartUpRefusesToRunWithoutAnAdminPassword(string? password)
    {
        await using var app = new PaperMailApp().With("PaperMail:Admin:Password", password);

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        Assert.Contains("PaperMail:Admin:Password is required outside Development", Message(error));
    }

    [Fact]
    public async Task AMalformedPasswordHashStopsStartUpNamingTheKey()
    {
        await using var app = new PaperMailApp().With("PaperMail:Admin:Password", "pbkdf2-sha256$12$not-base64$x");

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        Assert.Contains("PaperMail:Admin:Password is not a valid hash", Message(error));
    }

    private static string Message(Exception error) =>
        error is OptionsValidationException o ? string.Join("; ", o.Failures) : error.ToString();
}
