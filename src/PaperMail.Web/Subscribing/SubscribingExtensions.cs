using System.Text.Encodings.Web;
using System.Text.Unicode;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing;

public static class SubscribingExtensions
{
    /// <summary>The public pages: subscription form, confirmation, manage and unsubscribe; rate limits.</summary>
    public static WebApplicationBuilder AddSubscribing(this WebApplicationBuilder builder)
    {
        // Razor (pages and email templates) would otherwise write every non-ASCII character as an entity.
        builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        builder.Services.AddScoped<SubscriptionFlow>();
        builder.Services.AddLinksAndLimits();
        builder.Services.AddPaperMailRateLimits();
        // Pages live in feature folders (Subscribing/Pages, Admin/Pages), so the Razor Pages root is the project.
        builder.Services.AddRazorPages(options => options.RootDirectory = "/");
        // …and this feature's layout and partials are found in its own Shared folder.
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.Razor.RazorViewEngineOptions>(
            options => options.PageViewLocationFormats.Add("/Subscribing/Pages/Shared/{0}.cshtml"));
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form =>
        {
            form.ValueCountLimit = 64;
            form.ValueLengthLimit = 16 * 1024;
            form.KeyLengthLimit = 256;
        });
        return builder;
    }

    /// <summary>Maps every Razor Page (public and admin: one MapRazorPages per app); form posts are rate-limited.</summary>
    public static IEndpointConventionBuilder MapSubscribing(this WebApplication app) =>
        app.MapRazorPages().RequireRateLimiting(RateLimiting.FormPolicy);
}
