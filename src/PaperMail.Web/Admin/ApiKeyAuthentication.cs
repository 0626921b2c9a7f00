using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace PaperMail.Web.Admin;

/// <summary>
/// The admin API's scheme: header <c>X-Api-Key</c> equal to <c>PaperMail:Admin:ApiKey</c>. No key configured means
/// the API is off: every call is refused.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<PaperMailOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var configured = options.CurrentValue.Admin.ApiKey;
        if (string.IsNullOrEmpty(configured)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!Request.Headers.TryGetValue(HeaderName, out var given) || given.Count != 1) return Task.FromResult(AuthenticateResult.NoResult());

        // Compare hashes in constant time: neither the key's content nor its length leaks through timing.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(given.ToString()));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual)) return Task.FromResult(AuthenticateResult.Fail("Invalid API key."));

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api"), new Claim(ClaimTypes.Role, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
