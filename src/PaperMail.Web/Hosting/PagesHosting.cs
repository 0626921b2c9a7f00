using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Razor;

namespace PaperMail.Web.Hosting;

/// <summary>Razor Pages for every feature folder, registered and mapped once, with the form limits and HTML encoder they share.</summary>
public static class PagesHosting
{
    public static IServiceCollection AddPages(this IServiceCollection services)
    {
        // Razor (pages and email templates) would otherwise write every non-ASCII character as an entity.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = 64;
            form.ValueLengthLimit = 16 * 1024;
            form.KeyLengthLimit = 256;
        });
        // Pages live in feature folders (Subscribing/Pages, Papers/Pages, Admin/Pages), so the Razor Pages root is the
        // project; the public pages share the layout and partials in Subscribing/Pages/Shared. A feature adds its own
        // page conventions (Admin: the login) with Configure<RazorPagesOptions>.
        services.AddRazorPages(options => options.RootDirectory = "/");
        services.Configure<RazorViewEngineOptions>(options => options.PageViewLocationFormats.Add("/Subscribing/Pages/Shared/{0}.cshtml"));
        return services;
    }

    /// <summary>Every feature's Razor Pages (one <c>MapRazorPages</c> per app); form posts are rate-limited.</summary>
    public static IEndpointConventionBuilder MapPages(this WebApplication app) =>
        app.MapRazorPages().RequireRateLimiting(RateLimiting.FormPolicy);
}
