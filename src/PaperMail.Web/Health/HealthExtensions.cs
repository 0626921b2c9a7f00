using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PaperMail.Web.Health;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: it can do its work (database reachable and migrated); 503
/// otherwise. Both answer JSON naming each check; no setting values, paths or exception text.
/// </summary>
/// <remarks>
/// There is no SMTP check: the SMTP settings are validated on start (a host without them never runs), and a mail
/// server that is down does not stop the web pages; the digest job retries, and the admin shows its failures.
/// </remarks>
public static class HealthExtensions
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddPaperMailHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapPaperMailHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJsonAsync });
        return app;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
