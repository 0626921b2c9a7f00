using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PaperMail.Web.Hosting;

/// <summary>
/// Fixed-window limits per client (<see cref="Configuration.ClientKey"/>: IPv6 by /64). Behind a reverse proxy, configure
/// <c>PaperMail:ForwardedHeaders</c> so the address is the client's.
/// </summary>
public static class RateLimiting
{
    public const string FormPolicy = "form-posts";
    public const string PreviewPolicy = "preview";
    public const string ViewPolicy = "views";
    public const string FeedPolicy = "feeds";

    public static IServiceCollection AddPaperMailRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindAndValidate(RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : context.HttpContext.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.WindowSeconds;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(context.HttpContext.Response.WriteAsync(
                    $"Too many requests from your address. Please wait {seconds} seconds and try again.", context.HttpContext.RequestAborted));
            };
            // Posts that do work (and may send email) are limited, and GETs of pages that cost work; other GET pages
            // are not. One-click unsubscribes come from mail providers' servers, many people behind one IP; their
            // unguessable token is the guard.
            limiter.AddPolicy(FormPolicy, http => HttpMethods.IsPost(http.Request.Method)
                && !http.Request.Path.StartsWithSegments("/unsubscribe", StringComparison.OrdinalIgnoreCase)
                // The admin login has its own lockout; its other posts come from a logged-in operator.
                && !http.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
                ? PerClient(http, "form", o => o.FormPosts)
                : IsCostlyPageView(http.Request) ? PerClient(http, ViewPolicy, o => o.PageViews) : RateLimitPartition.GetNoLimiter("get"));
            limiter.AddPolicy(PreviewPolicy, http => PerClient(http, "preview", o => o.PreviewRequests));
            limiter.AddPolicy(ViewPolicy, http => PerClient(http, ViewPolicy, o => o.PageViews));
            limiter.AddPolicy(FeedPolicy, http => PerClient(http, FeedPolicy, o => o.FeedRequests));
        });
        return services;
    }

    /// <summary>
    /// GET pages whose answer costs work: the preview of <c>/?q=</c>, a search of <c>/papers?q=</c> (both run the
    /// matcher), confirmation and manage pages. The plain listing is cacheable and not limited.
    /// </summary>
    private static bool IsCostlyPageView(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && ((request.Path == "/" && request.Query.ContainsKey("q"))
            || (request.Path.StartsWithSegments("/papers", StringComparison.OrdinalIgnoreCase) && request.Query.ContainsKey("q"))
            || request.Path.StartsWithSegments("/confirm", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/manage", StringComparison.OrdinalIgnoreCase));

    private static RateLimitPartition<string> PerClient(HttpContext http, string prefix, Func<RateLimitOptions, int> permits)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var client = Configuration.ClientKey.For(http);
        return RateLimitPartition.GetFixedWindowLimiter($"{prefix}:{client}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = TimeSpan.FromSeconds(options.WindowSeconds),
            QueueLimit = 0,
        });
    }
}
