using Hangfire;
using PaperMail.Core.Ingestion;
using PaperMail.Web.Observability;

namespace PaperMail.Web.Ingestion;

/// <summary>The recurring <c>ingest</c> job. Idempotent: a re-run merges the same items to the same rows.</summary>
public sealed class IngestJob(IngestionService ingestion, PaperMailMetrics metrics)
{
    public const string Name = "ingest";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    // No retries: the job is idempotent and runs again on its schedule, and a failure stays visible as Failed.
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunAsync(CancellationToken ct) => metrics.TimeJobAsync(Name, async () =>
    {
        var runs = await ingestion.RunAsync(ct);
        metrics.RecordSourceRuns(runs);
        var failed = runs.Where(r => r.Error is not null && r.Fetched == 0).ToList();
        // Every source failing outright is worth a red job in the dashboard; partial faults are in the run records.
        if (runs.Count > 0 && failed.Count == runs.Count)
        {
            throw new InvalidOperationException("Every source failed: " + string.Join("; ", failed.Select(r => $"{r.Source}: {r.Error}")));
        }
        return runs.Count;
    });
}
