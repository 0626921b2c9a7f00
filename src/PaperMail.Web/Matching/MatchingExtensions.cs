using PaperMail.Core.Matching.Job;
using PaperMail.Core.Matching.Preview;

namespace PaperMail.Web.Matching;

public static class MatchingExtensions
{
    public static WebApplicationBuilder AddPaperMatching(this WebApplicationBuilder builder)
    {
        // PaperMail:Digest:BackfillDays is where the setting lived before it moved; the new key overrides it.
        builder.Services.AddOptions<MatchingOptions>().BindConfiguration("PaperMail:Digest").BindAndValidate(MatchingOptions.Section);
        builder.Services.AddSingleton<PercolatorCache>();
        builder.Services.AddTransient<MatchingService>();
        builder.Services.AddTransient<MatchJob>();
        builder.Services.AddSingleton<PreviewService>();
        return builder;
    }

    /// <summary>The <c>match</c> job (every <c>PaperMail:Schedules:Match</c>) and the form's preview API.</summary>
    public static WebApplication MapPaperMatching(this WebApplication app)
    {
        app.AddOrUpdateScheduled<MatchJob>(MatchJob.Name, j => j.RunAsync(CancellationToken.None), s => s.Match);
        app.MapPreviewApi();
        return app;
    }
}
