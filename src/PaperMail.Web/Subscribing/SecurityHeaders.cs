namespace PaperMail.Web.Subscribing;

/// <summary>Headers on every response: no inline script, no framing, no MIME sniffing, no referrer leaking tokens.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // OnStarting: the exception handler clears headers when it takes over a response.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            // Manage and unsubscribe URLs carry tokens: never send them on to another site.
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
