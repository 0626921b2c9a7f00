using PaperMail.Core.Digests;

namespace PaperMail.Web.Digests;

public static class DigestsExtensions
{
    public static WebApplicationBuilder AddDigests(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DigestOptions>().BindAndValidate(DigestOptions.Section);
        builder.Services.AddSingleton<DigestComposer>();
        // The host's stages of the digest pipeline (links, render, send); the pipeline and its other stages are Core's.
        builder.Services.AddScoped<IDigestLinkStage, DigestLinkMinter>();
        builder.Services.AddScoped<IDigestRenderStage, DigestMailer>();
        builder.Services.AddSingleton<IDigestSender, DigestSender>();
        builder.Services.AddScoped<DigestService>();
        builder.Services.AddScoped<DigestJob>();
        return builder;
    }

    /// <summary>The <c>digest</c> job (every <c>PaperMail:Schedules:Digest</c>), the digest's web view and the feeds.</summary>
    public static WebApplication MapDigests(this WebApplication app)
    {
        app.AddOrUpdateScheduled<DigestJob>(DigestJob.Name, j => j.RunAsync(CancellationToken.None), s => s.Digest);
        app.MapDigestPages();
        return app;
    }
}
