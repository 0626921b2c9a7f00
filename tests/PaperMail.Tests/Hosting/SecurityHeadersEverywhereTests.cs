using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Hosting;

/// <summary>
/// The security headers are the hosting place's, not one feature's: every feature folder's answers carry them,
/// errors and refusals included.
/// </summary>
[Collection(nameof(AppCollection))]
public class SecurityHeadersEverywhereTests
{
    [Fact]
    public async Task AnswersFromEveryFeatureCarryTheSecurityHeaders()
    {
        await using var app = new PaperMailApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (string Path, HttpStatusCode Status)[] answers =
        [
            ("/", HttpStatusCode.OK),                                   // Subscribing: the form
            ("/manage", HttpStatusCode.OK),                             // Subscribing: ask for a manage link
            ("/papers", HttpStatusCode.OK),                             // Papers
            ("/admin/login", HttpStatusCode.OK),                        // Admin pages
            ("/api/admin/stats", HttpStatusCode.Unauthorized),          // Admin API without its key
            ("/api/preview?q=multilingual", HttpStatusCode.OK),         // Matching's preview API
            ("/healthz", HttpStatusCode.OK),                            // Health
            ("/no-such-page", HttpStatusCode.NotFound),                 // nobody's
        ];

        foreach (var (path, status) in answers)
        {
            var response = await client.GetAsync(path);

            Assert.True(status == response.StatusCode, $"{path}: {response.StatusCode}");
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.True(csp.Contains("frame-ancestors 'none'") && csp.Contains("script-src 'self'") && !csp.Contains("unsafe-inline"), $"{path}: {csp}");
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task ADigestsWebViewMayUseInlineStylesButNeverInlineScript()
    {
        await using var app = new PaperMailApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/digests/not-a-real-token");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}
