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

    /// <summary>
    /// A job on one of the app's own crons, <c>PaperMail:Schedules</c>: <paramref name="schedule"/> picks it
    /// (<c>s =&gt; s.Ingest</c> is <c>PaperMail:Schedules:Ingest</c>, the key a bad cron is reported under).
    /// </summary>
    public static WebApplication AddOrUpdateScheduled<TJob>(this WebApplication app, string name, Expression<Func<TJob, Task>> call,
        Expression<Func<ScheduleOptions, string>> schedule)
    {
        var schedules = app.Services.GetRequiredService<IOptions<PaperMailOptions>>().Value.Schedules;
        var setting = ((MemberExpression)schedule.Body).Member.Name;
        return app.AddOrUpdateScheduled(name, call, schedule.Compile()(schedules), $"{PaperMailOptions.Section}:Schedules:{setting}");
    }
}
