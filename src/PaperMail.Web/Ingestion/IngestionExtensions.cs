using Hangfire;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Ingestion.Sources;

namespace PaperMail.Web.Ingestion;

public static class IngestionExtensions
{
    public static WebApplicationBuilder AddPaperIngestion(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new ArxivPacer(
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PaperMailOptions>>().Value.Http.ArxivMinIntervalSeconds),
            TimeProvider.System)); // pacing is about real seconds on the wire
        services.AddTransient<ArxivPacingHandler>();

        // One configured client for every source: who we are, how long we wait, how we retry.
        var client = services.AddHttpClient<HttpDocumentFetcher>((sp, client) =>
            {
                var http = sp.GetRequiredService<IOptions<PaperMailOptions>>().Value.Http;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(http.UserAgent);
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns timeouts
            });
        client.AddResilienceHandler("sources", (pipeline, context) =>
            {
                var http = context.ServiceProvider.GetRequiredService<IOptions<PaperMailOptions>>().Value.Http;
                // Waiting on the wire is real time, whatever clock the app's logic runs on (tests move that one).
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = http.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(http.RetryBaseDelayMs),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(http.TimeoutSeconds));
            });
        // Added after the resilience handler, so it sits inside the retry loop: each attempt keeps arXiv's pace.
        client.AddHttpMessageHandler<ArxivPacingHandler>();

        // Transient: the typed HttpClient inside must not be captured for the life of the process.
        services.AddTransient(sp => new PaperSourceFactory(
            sp.GetRequiredService<HttpDocumentFetcher>(),
            sp.GetRequiredService<TimeProvider>(),
            builder.Environment.ContentRootPath));
        services.AddTransient<IngestionService>();
        services.AddTransient<IngestJob>();
        return builder;
    }

    /// <summary>The <c>ingest</c> job, every <c>PaperMail:Schedules:Ingest</c>, and once at start when <c>PaperMail:IngestOnStart</c>.</summary>
    public static WebApplication MapPaperIngestion(this WebApplication app)
    {
        app.AddOrUpdateScheduled<IngestJob>(IngestJob.Name, j => j.RunAsync(CancellationToken.None), s => s.Ingest);
        if (app.Services.GetRequiredService<IOptions<PaperMailOptions>>().Value.IngestOnStart)
        {
            app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(IngestJob.Name));
        }
        return app;
    }
}
