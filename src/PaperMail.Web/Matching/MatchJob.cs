using Hangfire;
using System.Diagnostics;
using PaperMail.Core.Matching.Job;
using PaperMail.Web.Observability;

namespace PaperMail.Web.Matching;

/// <summary>The recurring <c>match</c> job. Idempotent: matches are stored once per (alert, paper).</summary>
public sealed class MatchJob(MatchingService matching, PaperMailMetrics metrics)
{
    public const string Name = "match";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var run = await metrics.TimeJobAsync(Name, () => matching.RunAsync(ct));
        metrics.RecordMatchRun(run, Stopwatch.GetElapsedTime(started));
    }
}
