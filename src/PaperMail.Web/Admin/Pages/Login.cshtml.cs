using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using PaperMail.Core.Admin;
using PaperMail.Web.Admin;

namespace PaperMail.Web.Admin.Pages;

public sealed class LoginModel(AdminCredentials credentials, LoginLockout lockout, ILogger<LoginModel> logger) : PageModel
{
    public string? Error { get; private set; }

    public string? Username { get; private set; }

    public string ReturnUrl { get; private set; } = "/admin";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        Username = username;
        username ??= "";
        // Keyed by (client, name) for every name alike: failures from one client cannot lock the admin out of every
        // other, and a made-up name locks exactly as the real one does, so the answers do not tell which name is real.
        var key = $"{ClientKey.For(HttpContext)}\n{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(username)))}";
        if (lockout.LockedUntil(key) is not null)
        {
            Error = "Too many failed attempts. Try again later.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        if (!credentials.Verify(username, password ?? ""))
        {
            var lockedUntil = lockout.RecordFailure(key);
            if (lockedUntil is not null) logger.LogWarning("Admin login locked until {Until} after repeated failures", lockedUntil);
            Error = "Wrong username or password.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        lockout.RecordSuccess(key);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, credentials.Username), new Claim(ClaimTypes.Role, AdminAuth.Role)],
            AdminAuth.Scheme);
        await HttpContext.SignInAsync(AdminAuth.Scheme, new ClaimsPrincipal(identity));
        logger.LogInformation("Admin {Username} logged in", credentials.Username);
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Only a path inside the admin area: never an open redirect, never a protocol-relative URL.</summary>
    private static string SafeReturnUrl(string? url) =>
        url is not null && (url == "/admin" || url.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase) || url.StartsWith("/admin?", StringComparison.OrdinalIgnoreCase))
            && !url.Contains('\\') && !url.Contains("//", StringComparison.Ordinal)
            ? url
            : "/admin";
}
