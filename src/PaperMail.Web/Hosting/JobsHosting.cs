using Hangfire;
using Hangfire.InMemory;
using PaperMail.Web.Admin;

namespace PaperMail.Web.Hosting;

/// <summary>
/// Hangfire itself, in this one place: its storage, its server and its dashboard behind the admin login. The jobs are
/// the features': each feature schedules its own recurring job in its <c>Map*</c> call
/// (<see cref="RecurringJobSchedules.AddOrUpdateScheduled{TJob}(WebApplication, string, System.Linq.Expressions.Expression{Func{TJob, Task}}, string, string)"/>).
/// </summary>
public static class JobsHosting
{
    public const string DashboardPath = "/admin/jobs";

    /// <summary>
    /// Hangfire with in-memory storage: it only schedules and runs. Everything that matters (papers, runs, watermarks)
    /// lives in PaperMail's tables, so a restart loses nothing. With PostgreSQL, <c>AddStorage</c> swaps in
    /// Hangfire.PostgreSql so that a recurring job fires once across nodes.
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        // Registered before AddHangfire so the client, the recurring-job manager and the server all use this
        // instance rather than the process-wide JobStorage.Current (tests run several apps in one process).
        builder.Services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions
        {
            IdType = InMemoryStorageIdType.Long,
        }));
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddHangfireServer((sp, options) =>
        {
            options.WorkerCount = Math.Max(2, Environment.ProcessorCount * 2);
            options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        return builder;
    }

    /// <summary>The job dashboard, under /admin and only for a user signed in through the admin login.</summary>
    public static WebApplication MapJobDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorizationFilter()],
            AppPath = "/admin",
            DashboardTitle = "PaperMail jobs",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(AdminAuth.Policy);
        return app;
    }
}
