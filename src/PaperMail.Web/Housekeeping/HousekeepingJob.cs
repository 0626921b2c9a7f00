using Hangfire;
using PaperMail.Core.Housekeeping;
using PaperMail.Web.Subscribing;

namespace PaperMail.Web.Housekeeping;

/// <summary>
/// The recurring <c>housekeeping</c> job: deletes expired tokens, unconfirmed sign-ups, left addresses past retention
/// and old email-log rows. Idempotent. Its return value (what it deleted) shows on the job's page in the dashboard.
/// </summary>
public sealed class HousekeepingJob(HousekeepingService housekeeping, IOptions<EmailLinkOptions> links)
{
    public const string Name = "housekeeping";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task<HousekeepingReport> RunAsync(CancellationToken ct) => housekeeping.RunAsync(links.Value.UnsubscribeLifetime, ct);
}
