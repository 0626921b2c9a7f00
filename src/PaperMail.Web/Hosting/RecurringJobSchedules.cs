using System.Linq.Expressions;
using Hangfire;

namespace PaperMail.Web.Hosting;

public static class RecurringJobSchedules
{
    /// <summary>
    /// Registers (or updates) a feature's recurring job on a cron (UTC) taken from the settings. A cron Hangfire cannot
    /// read stops start-up with a message naming the setting's full key, as any bad setting does.
    /// </summary>
    /// <param name="key">The setting the cron came from, e.g. <c>PaperMail:Bounces:Schedule</c>.</param>
    public static void AddOrUpdateScheduled<TJob>(this IRecurringJobManager jobs, string name, Expression<Func<TJob, Task>> call, string cron, string key)
    {
        try
        {
            jobs.AddOrUpdate(name, call, cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(key, typeof(string), [$"{key} is not a valid cron expression ('{cron}'): {e.Message}"]);
        }
    }

    /// <inheritdoc cref="AddOrUpdateScheduled{TJob}(IRecurringJobManager, string, Expression{Func{TJob, Task}}, string, string)"/>
    public static WebApplication AddOrUpdateScheduled<TJob>(this WebApplication app, string name, Expression<Func<TJob, Task>> call, string cron, string key)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdateScheduled(name, call, cron, key);
        return app;
    }

    /// <summary>The app's own schedules, <c>PaperMail:Schedules</c>.</summary>
    public static ScheduleOptions Schedules(this WebApplication app) =>
        app.Services.GetRequiredService<IOptions<PaperMailOptions>>().Value.Schedules;

    /// <summary>The full key of one of <see cref="ScheduleOptions"/>' crons, e.g. <c>PaperMail:Schedules:Ingest</c>.</summary>
    public static string ScheduleKey(string schedule) => $"{PaperMailOptions.Section}:Schedules:{schedule}";
}
