using PaperMail.Core.Trending;

namespace PaperMail.Web.Papers;

public static class PapersExtensions
{
    /// <summary>Trending: papers by day for the browse pages, the top-alert preview, and the digest's top picks.</summary>
    public static WebApplicationBuilder AddPapers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TrendingBrowser>();
        builder.Services.AddScoped<TrendingPlanner>();
        return builder;
    }
}
