using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Options;
using PaperMail.Core.Configuration;
using PaperMail.Web.Digests;
using PaperMail.Web.Housekeeping;
using PaperMail.Web.Ingestion;
using PaperMail.Web.Matching;

namespace PaperMail.Web.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Hangfire with in-memory storage: it only schedules and runs. Everything that matters (papers, runs, watermarks)
    /// lives in PaperMail's tables, so a restart loses nothing. A multi-node deployment swaps in Hangfire.PostgreSql here.
    /// </summary>
    public static WebApplicationBuilder AddPaperMailJobs(this WebApplicationBuilder builder)
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

    /// <summary>Registers (or updates) every recurring job from <c>PaperMail:Schedules</c>.</summary>
    public static WebApplication MapPaperMailJobs(this WebApplication app)
    {
        var manager = app.Services.GetRequiredService<IRecurringJobManager>();
        var options = app.Services.GetRequiredService<IOptions<PaperMailOptions>>().Value;
        manager.AddOrUpdateScheduled<IngestJob>(IngestJob.Name, j => j.RunAsync(CancellationToken.None), options.Schedules.Ingest, Key(nameof(ScheduleOptions.Ingest)));
        manager.AddOrUpdateScheduled<MatchJob>(MatchJob.Name, j => j.RunAsync(CancellationToken.None), options.Schedules.Match, Key(nameof(ScheduleOptions.Match)));
        manager.AddOrUpdateScheduled<DigestJob>(DigestJob.Name, j => j.RunAsync(CancellationToken.None), options.Schedules.Digest, Key(nameof(ScheduleOptions.Digest)));
        manager.AddOrUpdateScheduled<HousekeepingJob>(HousekeepingJob.Name, j => j.RunAsync(CancellationToken.None), options.Schedules.Housekeeping, Key(nameof(ScheduleOptions.Housekeeping)));
        if (options.IngestOnStart)
        {
            app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(IngestJob.Name));
        }
        return app;
    }

    private static string Key(string schedule) => $"{PaperMailOptions.Section}:Schedules:{schedule}";
}
