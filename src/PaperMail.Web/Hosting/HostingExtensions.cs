namespace PaperMail.Web.Hosting;

/// <summary>
/// What the whole app shares, registered once here rather than inside whichever feature needed it first: settings,
/// trusted proxies, pages (<see cref="PagesHosting"/>), rate limits, error responses and the middleware order.
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
        services.AddPages();
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
}
