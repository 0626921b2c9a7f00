using Cronos;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaperMail.Core.Operations;

namespace PaperMail.Web.Health;

/// <summary>
/// A recurring job is stale when two of its scheduled times have passed since its last successful run (or since this
/// process started, if it never succeeded): twice its schedule for a regular cron, and for an irregular one (weekdays
/// only) the gap that really was expected rather than the shortest one.
/// </summary>
public sealed class JobFreshnessCheck(WatchedJob job, string cron, IJobHistoryStore history, StartedAt startedAt, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!TryParse(cron, out var schedule))
        {
            return HealthCheckResult.Unhealthy($"Schedule '{cron}' is not a cron expression.");
        }
        var name = job.ToString().ToLowerInvariant();
        var last = await history.GetLastSuccessAsync(job, cancellationToken);
        var since = last is { } l && l > startedAt.Value ? l : startedAt.Value;
        var first = schedule.GetNextOccurrence(since.UtcDateTime, inclusive: false);
        var second = first is { } f ? schedule.GetNextOccurrence(f, inclusive: false) : null;
        var lastText = last is { } at ? $"last success {at.UtcDateTime:yyyy-MM-dd HH:mm}Z" : "no success recorded";
        if (second is { } due && clock.GetUtcNow().UtcDateTime > due)
        {
            var measured = last is { } l2 && l2 > startedAt.Value ? "" : " (measured from this process's start)";
            return HealthCheckResult.Unhealthy(
                $"The {name} job has not succeeded for two scheduled runs: {lastText}{measured}, schedule '{cron}', overdue since {due:yyyy-MM-dd HH:mm}Z.");
        }
        return HealthCheckResult.Healthy($"The {name} job is on schedule ({lastText}).");
    }

    /// <summary>Hangfire takes five fields, or six with seconds first.</summary>
    private static bool TryParse(string expression, out CronExpression schedule)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.TryParse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out schedule!);
    }
}
