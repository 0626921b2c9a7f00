using Hangfire;
using PaperMail.Core.Digests;
using PaperMail.Core.Operations;
using PaperMail.Web.Observability;

namespace PaperMail.Web.Digests;

/// <summary>The recurring <c>digest</c> job. Idempotent: the outbox holds one row per (subscriber, period).</summary>
public sealed class DigestJob(DigestService digests, IJobHistoryStore history, TimeProvider clock, PaperMailMetrics metrics)
{
    public const string Name = "digest";

    /// <summary>One run per process at a time. Across nodes runs go side by side: the outbox claims share the work.</summary>
    /// <remarks>
    /// Not <c>DisableConcurrentExecution</c>: in Hangfire.PostgreSql that is a lock row a killed node leaves behind, and
    /// the other nodes would wait it out instead of taking over the dead node's digests after the claim timeout.
    /// </remarks>
    private static readonly SemaphoreSlim OneRunPerProcess = new(1, 1);

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken ct)
    {
        await OneRunPerProcess.WaitAsync(ct);
        try
        {
            var startedAt = clock.GetUtcNow();
            var run = await metrics.TimeJobAsync(Name, () => digests.RunAsync(ct));
            metrics.RecordDigestRun(run);
            // Readiness reads this: a run with nobody to mail leaves no digest row behind.
            await history.RecordDigestRunAsync(startedAt, ct);
        }
        finally
        {
            OneRunPerProcess.Release();
        }
    }
}
