namespace PaperMail.Web.Hosting;

/// <summary>Headers on every response: no inline script, no framing, no MIME sniffing, no referrer leaking tokens.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>
    /// For pages whose HTML carries inline styles (the digest's web view is the email itself, CSS inlined for mail
    /// clients; Hangfire's dashboard styles some cards inline). Scripts stay 'self' only.
    /// </summary>
    public const string InlineStylesPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static bool AllowsInlineStyles(PathString path) =>
        path.StartsWithSegments("/digests", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/admin/jobs", StringComparison.OrdinalIgnoreCase);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // OnStarting: the exception handler clears headers when it takes over a response.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = AllowsInlineStyles(context.Request.Path) ? InlineStylesPolicy : ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            // Manage and unsubscribe URLs carry tokens: never send them on to another site.
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
