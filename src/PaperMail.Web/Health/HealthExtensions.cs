using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaperMail.Core.Operations;

namespace PaperMail.Web.Health;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: it can do its work (database reachable, migrated and
/// writable; the ingest, match and digest jobs each succeeded within two of their scheduled runs; the SMTP relay not
/// unreachable for longer than <see cref="ReadinessOptions.RelayDownMinutes"/>); 503 otherwise.
/// Both answer JSON naming each check with its reason; no setting values (but the schedules), paths or exception text.
/// </summary>
/// <remarks>
/// The relay check does not connect to the relay itself: it reads what the digest run recorded, so a probe every few
/// seconds costs the relay nothing, and a short outage the digest job retries through does not flip readiness.
/// </remarks>
public static class HealthExtensions
{
    public const string ReadyTag = "ready";
    public const string DatabaseCheckName = "database";

    public static WebApplicationBuilder AddPaperMailHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReadinessOptions>().BindAndValidate(ReadinessOptions.Section);
        builder.Services.AddSingleton<StartedAt>();
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>(DatabaseCheckName, tags: [ReadyTag]);
        foreach (var job in Enum.GetValues<WatchedJob>())
        {
            checks.Add(new HealthCheckRegistration(job.ToString().ToLowerInvariant(), sp => new JobFreshnessCheck(
                job, ScheduleOf(job, sp.GetRequiredService<IOptions<PaperMailOptions>>().Value.Schedules),
                sp.GetRequiredService<IJobHistoryStore>(), sp.GetRequiredService<StartedAt>(), sp.GetRequiredService<TimeProvider>()),
                failureStatus: null, tags: [ReadyTag]));
        }
        checks.AddCheck<RelayDownCheck>("smtp-relay", tags: [ReadyTag]);
        return builder;
    }

    private static string ScheduleOf(WatchedJob job, ScheduleOptions schedules) => job switch
    {
        WatchedJob.Ingest => schedules.Ingest,
        WatchedJob.Match => schedules.Match,
        _ => schedules.Digest,
    };

    public static WebApplication MapPaperMailHealth(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<StartedAt>(); // the clock starts now, not at the first probe
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
