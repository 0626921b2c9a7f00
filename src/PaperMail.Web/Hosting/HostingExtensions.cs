using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Options;
using PaperMail.Core.Configuration;

namespace PaperMail.Web.Hosting;

/// <summary>
/// What the whole app shares, registered once here rather than inside whichever feature needed it first: settings,
/// proxies, the HTML encoder, form limits, Razor Pages, rate limits, error responses and the middleware order.
/// Each feature folder registers only its own services, pages and endpoints.
/// </summary>
public static class HostingExtensions
{
    /// <summary>Called first: the PaperMail settings are bound and checked before any feature reads them.</summary>
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PaperMailOptions>().BindConfiguration(PaperMailOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PaperMailOptions>, PaperMailOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        builder.AddForwardedHeaders();
        // Razor (pages and email templates) would otherwise write every non-ASCII character as an entity.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = 64;
            form.ValueLengthLimit = 16 * 1024;
            form.KeyLengthLimit = 256;
        });
        // Pages live in feature folders (Subscribing/Pages, Papers/Pages, Admin/Pages), so the Razor Pages root is the
        // project; the public pages share the layout and partials in Subscribing/Pages/Shared.
        services.AddRazorPages(options => options.RootDirectory = "/");
        services.Configure<RazorViewEngineOptions>(options => options.PageViewLocationFormats.Add("/Subscribing/Pages/Shared/{0}.cshtml"));
        services.AddPaperMailRateLimits();
        services.AddProblemDetails();
        return builder;
    }

    /// <summary>The middleware every request passes, in this order.</summary>
    public static WebApplication UseHosting(this WebApplication app)
    {
        app.UseForwardedHeaders(); // first: rate limits, the lockout and secure cookies need the client's address and scheme
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseStaticFiles();
        return app;
    }

    /// <summary>Every feature's Razor Pages (one <c>MapRazorPages</c> per app); form posts are rate-limited.</summary>
    public static IEndpointConventionBuilder MapPages(this WebApplication app) =>
        app.MapRazorPages().RequireRateLimiting(RateLimiting.FormPolicy);
}
