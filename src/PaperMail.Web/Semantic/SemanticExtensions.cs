using PaperMail.Core.Semantic;
using PaperMail.Semantic;

namespace PaperMail.Web.Semantic;

public static class SemanticExtensions
{
    /// <summary>
    /// Similar-papers alerts. With <c>PaperMail:Semantic:Enabled</c> off only the options and the store are
    /// registered: nothing can resolve the model, so it is never loaded.
    /// </summary>
    public static WebApplicationBuilder AddSemantic(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SemanticOptions>().BindAndValidate(SemanticOptions.Section);
        if (!IsEnabled(builder.Configuration)) return builder;
        // One model per process: loading it costs about a second and a few hundred MB.
        builder.Services.AddSingleton<ITextEmbedder, MiniLmEmbedder>();
        builder.Services.AddTransient<PaperEmbedder>();
        builder.Services.AddTransient<SimilarAlertEmbedder>();
        // The alert matrix is kept between match runs while the alerts are unchanged.
        builder.Services.AddSingleton<SemanticAlertCache>();
        builder.Services.AddTransient<SemanticMatcher>();
        builder.Services.AddTransient<SimilarPreviewService>();
        builder.Services.AddTransient<EmbedJob>();
        return builder;
    }

    public static WebApplication MapSemantic(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration)) return app;
        app.MapSimilarPreviewApi();
        var options = app.Services.GetRequiredService<IOptions<SemanticOptions>>().Value;
        return app.AddOrUpdateScheduled<EmbedJob>(EmbedJob.Name, j => j.RunAsync(CancellationToken.None), options.Schedule,
            $"{SemanticOptions.Section}:Schedule");
    }

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>($"{SemanticOptions.Section}:{nameof(SemanticOptions.Enabled)}");
}
