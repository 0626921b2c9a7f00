using Hangfire;
using PaperMail.Core.Matching.Job;

namespace PaperMail.Web.Matching;

/// <summary>The recurring <c>match</c> job. Idempotent: matches are stored once per (alert, paper).</summary>
public sealed class MatchJob(MatchingService matching)
{
    public const string Name = "match";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunAsync(CancellationToken ct) => matching.RunAsync(ct);
}
