using Hangfire;
using PaperMail.Core.Admin;
using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Papers;
using PaperMail.Web.Admin;

namespace PaperMail.Web.Admin.Pages;

/// <summary>The whole pipeline at a glance, and the buttons to run a job now.</summary>
public sealed class IndexModel(
    IPaperStore papers, ISourceRunStore sourceRuns, IMatchStore matches, IOverviewStore overview, ISuppressionStore suppressions,
    IDeliveryStatusStore deliveryStatus, TimeProvider clock) : PageModel
{
    public long PapersTotal { get; private set; }
    public long PapersNew24h { get; private set; }
    public IReadOnlyList<SourceRun> Sources { get; private set; } = [];
    public SubscriberCounts Subscribers { get; private set; } = new(0, 0, 0, 0);
    public AlertCounts Alerts { get; private set; } = new(0, 0);
    public MatchRun? LastMatchRun { get; private set; }
    public long MatchesTotal { get; private set; }
    public DigestCounts Digests { get; private set; } = new(0, 0, 0, 0);
    public IReadOnlyList<DigestFailure> DigestFailures { get; private set; } = [];
    public IReadOnlyList<SuppressedAddress> Suppressed { get; private set; } = [];

    /// <summary>Why sending stopped, until a run delivers again (a relay refusing everyone, a relay down …).</summary>
    public DeliveryProblem? DeliveryProblem { get; private set; }
    public IReadOnlyCollection<string> RunnableJobs => AdminApi.RunnableJobs;

    public async Task OnGetAsync(CancellationToken ct)
    {
        PapersTotal = await papers.CountAsync(ct);
        PapersNew24h = await papers.CountFirstSeenSinceAsync(clock.GetUtcNow().AddHours(-24), ct);
        Sources = await sourceRuns.GetLatestPerSourceAsync(ct);
        Subscribers = await overview.CountSubscribersAsync(ct);
        Alerts = await overview.CountAlertsAsync(ct);
        LastMatchRun = await matches.GetLastRunAsync(ct);
        MatchesTotal = await matches.CountAsync(ct);
        Digests = await overview.CountDigestsSinceAsync(clock.GetUtcNow().AddHours(-24), ct);
        DigestFailures = await overview.GetRecentDigestFailuresAsync(10, ct);
        Suppressed = await overview.GetSuppressedAsync(10, ct);
        DeliveryProblem = await deliveryStatus.GetProblemAsync(ct);
    }

    public async Task<IActionResult> OnPostLiftAsync(long subscriberId, CancellationToken ct)
    {
        await suppressions.LiftAsync(subscriberId, clock.GetUtcNow(), ct);
        return RedirectToPage();
    }

    public IActionResult OnPostRun(string? job, [FromServices] IRecurringJobManagerV2 jobs)
    {
        if (job is null || !AdminApi.RunnableJobs.Contains(job)) return BadRequest();
        var jobId = jobs.TriggerJob(job);
        // The run's own page follows it until it ends.
        return RedirectToPage("/Admin/Pages/JobRun", new { jobId, job });
    }

    public static string When(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
