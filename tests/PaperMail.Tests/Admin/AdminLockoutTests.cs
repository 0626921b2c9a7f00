using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PaperMail.Core.Admin;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

/// <summary>The login lockout is per (client, name), and answers alike for real and made-up names.</summary>
[Collection(nameof(AppCollection))]
public class AdminLockoutTests
{
    private static AdminBrowser From(PaperMailApp app, string address)
    {
        var browser = new AdminBrowser(app);
        browser.Client.DefaultRequestHeaders.Add(PeerAddressFilter.Header, address);
        return browser;
    }

    [Fact]
    public async Task FailuresFromOneClientDoNotLockTheAdminOutEverywhere()
    {
        await using var app = PeerAddressFilter.On(new PaperMailApp());
        var attacker = From(app, "203.0.113.66");
        for (var i = 0; i < LoginLockout.MaxFailures; i++) await attacker.LoginAsync(password: $"guess-{i}");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.LoginAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await From(app, "198.51.100.7").LoginAsync()).StatusCode);
    }

    [Fact]
    public async Task AMadeUpNameAndTheRealNameGetTheSameAnswersAllTheWay()
    {
        await using var app = PeerAddressFilter.On(new PaperMailApp());

        async Task<List<string>> AnswersAsync(string address, string username)
        {
            var browser = From(app, address);
            var answers = new List<string>();
            for (var i = 0; i < LoginLockout.MaxFailures + 2; i++)
            {
                var response = await browser.LoginAsync(username: username, password: $"guess-{i}");
                var body = await response.Content.ReadAsStringAsync();
                body = Regex.Replace(body, "name=\"__RequestVerificationToken\"[^>]*>", "");
                // The name as typed is shown back in the form; everything else must be the same.
                answers.Add($"{(int)response.StatusCode} {body.Replace($"value=\"{username}\"", "value=\"NAME\"", StringComparison.Ordinal)}");
            }
            return answers;
        }

        var real = await AnswersAsync("203.0.113.1", PaperMailApp.AdminUsername);
        var madeUp = await AnswersAsync("203.0.113.2", "nobody");

        Assert.StartsWith("401 ", real[0]);
        Assert.StartsWith("429 ", real[^1]);
        Assert.Equal(real, madeUp);
    }

    [Theory]
    [InlineData("PaperMail:Admin:Password", "a-plain-password-of-good-length", "PaperMail:Admin:Password must be a hash outside Development")]
    [InlineData("PaperMail:Admin:ApiKey", "only-31-characters-long-0123456", "PaperMail:Admin:ApiKey must be at least 32 characters")]
    public async Task OutsideDevelopmentAPlainPasswordOrAShortApiKeyStopsStartUp(string key, string value, string message)
    {
        await using var app = new PaperMailApp().With(key, value);

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        Assert.Contains(message, error is OptionsValidationException o ? string.Join("; ", o.Failures) : error.ToString());
    }

    [Fact]
    public void InDevelopmentAPlainPasswordAndAShortApiKeyAreAccepted()
    {
        var environment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" };
        var options = new PaperMail.Core.Configuration.PaperMailOptions();
        options.Admin.Password = "dev";
        options.Admin.ApiKey = "short";

        Assert.True(new PaperMail.Web.Admin.AdminOptionsValidator(environment).Validate(null, options).Succeeded);
    }
}
