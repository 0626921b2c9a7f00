using PaperMail.Core.Housekeeping;
using PaperMail.Web.Configuration;

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
}
