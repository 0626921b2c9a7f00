using PaperMail.Core.Housekeeping;

namespace PaperMail.Web.Housekeeping;

public static class HousekeepingExtensions
{
    public static WebApplicationBuilder AddHousekeeping(this WebApplicationBuilder builder)
    {
        builder.Services.AddCheckedOptions<HousekeepingOptions>(HousekeepingOptions.Section);
        builder.Services.AddScoped<HousekeepingService>();
        builder.Services.AddScoped<HousekeepingJob>();
        return builder;
    }

    /// <summary>The <c>housekeeping</c> job, every <c>PaperMail:Schedules:Housekeeping</c>.</summary>
    public static WebApplication MapHousekeeping(this WebApplication app) =>
        app.AddOrUpdateScheduled<HousekeepingJob>(HousekeepingJob.Name, j => j.RunAsync(CancellationToken.None), s => s.Housekeeping);
}
