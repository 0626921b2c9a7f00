using Hangfire;
using PaperMail.Core.Semantic;
using PaperMail.Web.Observability;

namespace PaperMail.Web.Semantic;

/// <summary>
/// The recurring <c>embed</c> job: gives papers without a current vector one, newest first, a batch at a time.
/// Idempotent and resumable: each batch is stored as it is done, so a stopped run loses at most one batch.
/// </summary>
public sealed class EmbedJob(PaperEmbedder embedder, IOptions<SemanticOptions> options, PaperMailMetrics metrics)
{
    public const string Name = "embed";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunAsync(CancellationToken ct) =>
        metrics.TimeJobAsync(Name, () => embedder.EmbedPendingAsync(options.Value.MaxPapersPerRun, ct));
}
