using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperMail.Core.Operations;
using PaperMail.Store.Shared;
using PaperMail.Web.Health;

namespace PaperMail.Web.Storage;

public static class LeaseExtensions
{
    /// <summary>
    /// SQLite keeps Hangfire in memory, so each process would schedule and send on its own: a second process on the
    /// same file stands by instead (<see cref="DatabaseLease"/>). On PostgreSQL every node works; the claims and the
    /// shared job storage keep them apart.
    /// </summary>
    public static WebApplicationBuilder AddSqliteStandby(this WebApplicationBuilder builder)
    {
        if (DatabaseOptions.Read(builder.Configuration) != DatabaseProvider.Sqlite) return builder;
        builder.Services.AddOptions<LeaseOptions>().BindAndValidate(LeaseOptions.Section);
        builder.Services.AddSingleton<ILeaseStore, LeaseStore>();
        builder.Services.AddSingleton<DatabaseLease>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseLease>());
        // Hangfire's server takes its filters from this service: the standby filter joins the global ones for this
        // app only (GlobalJobFilters is process-wide, and tests run several apps in one process).
        builder.Services.AddSingleton<StandbyJobFilter>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobFilterProvider>(sp =>
            new JobFilterProviderCollection(JobFilterProviders.Providers, new StandbyFilterProvider(sp.GetRequiredService<StandbyJobFilter>()))));
        builder.Services.AddHealthChecks().AddCheck<LeaseReadyCheck>("lease", tags: [HealthExtensions.ReadyTag]);
        return builder;
    }

    private sealed class StandbyFilterProvider(StandbyJobFilter filter) : IJobFilterProvider
    {
        public IEnumerable<JobFilter> GetFilters(Job job) => [new JobFilter(filter, JobFilterScope.Global, null)];
    }
}
