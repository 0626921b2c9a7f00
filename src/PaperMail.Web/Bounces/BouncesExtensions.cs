using System.Threading.RateLimiting;
using Hangfire;
using Microsoft.AspNetCore.RateLimiting;
using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;

namespace PaperMail.Web.Bounces;

public static class BouncesExtensions
{
    /// <summary>Bounce and complaint handling: options (<c>PaperMail:Bounces</c>, checked on start) and the stores.</summary>
    public static WebApplicationBuilder AddBounces(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BounceOptions>().BindConfiguration(BounceOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BounceOptions>, BounceOptionsValidator>();
        builder.Services.AddSingleton<BounceIntake>();
        builder.Services.AddScoped<BounceMailboxJob>();
        builder.Services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(BounceWebhook.RatePolicy, http =>
            RateLimitPartition.GetFixedWindowLimiter($"bounces:{http.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<IOptions<BounceOptions>>().Value.WebhookRequestsPerMinute,
                Window = TimeSpan.FromMinutes(1),
            })));
        return builder;
    }

    /// <summary>
    /// The <c>bounces</c> job (every <c>PaperMail:Bounces:Schedule</c>, when a mailbox is configured) and the provider
    /// webhook, <c>POST /api/bounces</c>.
    /// </summary>
    public static WebApplication MapBounces(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BounceOptions>>().Value;
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            jobs.RemoveIfExists(BounceMailboxJob.Name);
        }
        else
        {
            jobs.AddOrUpdateScheduled<BounceMailboxJob>(BounceMailboxJob.Name, j => j.RunAsync(CancellationToken.None), options.Schedule,
                $"{BounceOptions.Section}:Schedule");
        }
        app.MapBounceWebhook();
        return app;
    }
}
