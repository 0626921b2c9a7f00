using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PaperMail.Core.Admin;
using PaperMail.Web.Admin;

namespace PaperMail.Web.Admin.Pages;

public sealed class LoginModel(AdminCredentials credentials, LoginLockout lockout, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>Failures for names other than the admin's share one lockout record, so guessing names cannot grow memory.</summary>
    private const string OtherNames = "\0other";

    public string? Error { get; private set; }

    public string? Username { get; private set; }

    public string ReturnUrl { get; private set; } = "/admin";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        Username = username;
        username ??= "";
        var key = credentials.IsUsername(username) ? credentials.Username : OtherNames;
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
