using Microsoft.AspNetCore.Authentication.Cookies;
using PaperMail.Core.Admin;

namespace PaperMail.Web.Admin;

/// <summary>The operator's pages under /admin: cookie login, overview, subscribers (Hangfire's dashboard, under the same login, is mapped by <see cref="JobsHosting"/>).</summary>
public static class AdminPagesExtensions
{
    public static WebApplicationBuilder AddAdminPages(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        services.AddSingleton<IValidateOptions<PaperMailOptions>, AdminOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var admin = sp.GetRequiredService<IOptions<PaperMailOptions>>().Value.Admin;
            return new AdminCredentials(admin.Username, admin.Password, mayGenerate: development);
        });
        services.AddSingleton(sp => new LoginLockout(sp.GetRequiredService<TimeProvider>()));

        services.AddAuthentication().AddCookie(AdminAuth.Scheme, options =>
        {
            options.Cookie.Name = "PaperMail.Admin";
            options.Cookie.Path = "/admin";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Plain http is for a developer's machine only; anywhere else the cookie never travels unencrypted.
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.LoginPath = AdminAuth.LoginPath;
            options.LogoutPath = "/admin/logout";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder().AddPolicy(AdminAuth.Policy, policy => policy
            .AddAuthenticationSchemes(AdminAuth.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(AdminAuth.Role));

        // Razor Pages themselves are registered by the hosting place; these pages need the admin login.
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(options =>
        {
            options.Conventions.AuthorizeFolder("/Admin/Pages", AdminAuth.Policy);
            options.Conventions.AllowAnonymousToPage("/Admin/Pages/Login");
        });
        return builder;
    }

    /// <summary>
    /// Logs a generated Development password once (the admin pages themselves are mapped with every Razor Page by
    /// <c>MapPages</c>).
    /// </summary>
    public static WebApplication MapAdminPages(this WebApplication app)
    {
        var credentials = app.Services.GetRequiredService<AdminCredentials>();
        if (credentials.GeneratedPassword is { } generated)
        {
            app.Logger.LogWarning("No PaperMail:Admin:Password is set. Log in to /admin as {Username} with the password {Password}, generated for this run only.",
                credentials.Username, generated);
        }
        return app;
    }

    /// <summary>A browser navigating to a page is sent to the login; scripts and API clients get the status code.</summary>
    private static Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        var navigation = HttpMethods.IsGet(request.Method)
            && !string.Equals(request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.OrdinalIgnoreCase)
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (navigation && status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }
        return Task.CompletedTask;
    }
}
