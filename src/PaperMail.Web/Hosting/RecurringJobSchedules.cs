using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.Options;

namespace PaperMail.Web.Hosting;

public static class RecurringJobSchedules
{
    /// <summary>
    /// Registers (or updates) a feature's recurring job on a cron (UTC) taken from the settings. A cron Hangfire cannot
    /// read stops start-up with a message naming the setting's full key, as any bad setting does.
    /// </summary>
    /// <param name="key">The setting the cron came from, e.g. <c>PaperMail:Schedules:Ingest</c>.</param>
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
}
