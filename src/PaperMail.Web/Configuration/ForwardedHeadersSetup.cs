using Microsoft.AspNetCore.HttpOverrides;

namespace PaperMail.Web.Configuration;

public static class ForwardedHeadersSetup
{
    /// <summary>
    /// Behind a reverse proxy on the same host, the client's address (for per-IP rate limits) and the https scheme (for
    /// secure cookies) come from X-Forwarded-For/-Proto. Only loopback proxies are trusted (the framework's default), so
    /// a client cannot forge them; add <c>KnownProxies</c> for a proxy on another machine.
    /// </summary>
    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return builder;
    }
}
