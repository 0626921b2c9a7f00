using Hangfire;
using PaperMail.Core.Digests;
using PaperMail.Core.Operations;
using PaperMail.Web.Observability;

namespace PaperMail.Web.Digests;

/// <summary>The recurring <c>digest</c> job. Idempotent: the outbox holds one row per (subscriber, period).</summary>
public sealed class DigestJob(DigestService digests, IJobHistoryStore history, TimeProvider clock, PaperMailMetrics metrics)
{
    public const string Name = "digest";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        var run = await metrics.TimeJobAsync(Name, () => digests.RunAsync(ct));
        metrics.RecordDigestRun(run);
        // Readiness reads this: a run with nobody to mail leaves no digest row behind.
        await history.RecordDigestRunAsync(startedAt, ct);
    }
}
