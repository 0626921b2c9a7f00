using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PaperMail.Web.Hosting;

public static class ForwardedHeadersSetup
{
    /// <summary>
    /// Behind a reverse proxy, the client's address (for rate limits and the login lockout) and the https scheme (for
    /// secure cookies) come from X-Forwarded-For/-Proto. Only loopback and the proxies listed under
    /// <c>PaperMail:ForwardedHeaders</c> are trusted, so a client cannot forge them.
    /// </summary>
    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((options, trusted) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Invalid entries stop start-up (the validator above); here they are only skipped.
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address)) options.KnownProxies.Add(address);
            }
            foreach (var network in trusted.Value.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed)) options.KnownIPNetworks.Add(parsed);
            }
        });
        return builder;
    }
}
