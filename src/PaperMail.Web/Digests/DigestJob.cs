using Hangfire;
using PaperMail.Core.Digests;

namespace PaperMail.Web.Digests;

/// <summary>The recurring <c>digest</c> job. Idempotent: the outbox holds one row per (subscriber, period).</summary>
public sealed class DigestJob(DigestService digests)
{
    public const string Name = "digest";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunAsync(CancellationToken ct) => digests.RunAsync(ct);
}
