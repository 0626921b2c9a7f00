using Hangfire;
using PaperMail.Core.Digests;
using PaperMail.Core.Operations;

namespace PaperMail.Web.Digests;

/// <summary>The recurring <c>digest</c> job. Idempotent: the outbox holds one row per (subscriber, period).</summary>
public sealed class DigestJob(DigestService digests, IJobHistoryStore history, TimeProvider clock)
{
    public const string Name = "digest";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        await digests.RunAsync(ct);
        // Readiness reads this: a run with nobody to mail leaves no digest row behind.
        await history.RecordDigestRunAsync(startedAt, ct);
    }
}
