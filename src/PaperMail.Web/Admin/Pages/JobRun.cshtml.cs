using System.Globalization;
using Hangfire;
using Hangfire.Storage.Monitoring;

namespace PaperMail.Web.Admin.Pages;

/// <summary>
/// Where a run-now button leads: the run's state from Hangfire's monitoring API, reloading itself (a meta refresh,
/// which the content security policy allows) until the run ends, then its result.
/// </summary>
public sealed class JobRunModel(JobStorage storage) : PageModel
{
    /// <summary>States after which a run changes no more.</summary>
    public static readonly HashSet<string> FinalStates = new(StringComparer.Ordinal) { "Succeeded", "Failed", "Deleted" };

    public string JobId { get; private set; } = "";
    public string? Job { get; private set; }
    public IReadOnlyList<StateHistoryDto> History { get; private set; } = [];
    public string State => History.Count > 0 ? History[0].StateName : "Enqueued";
    public bool Finished => FinalStates.Contains(State);

    public IActionResult OnGet(string jobId, string? job)
    {
        // In-memory storage issues numeric ids; anything else was never one of ours.
        if (!long.TryParse(jobId, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return NotFound();
        if (storage.GetMonitoringApi().JobDetails(jobId) is not { } details) return NotFound();
        JobId = jobId;
        Job = job is not null && AdminApi.RunnableJobs.Contains(job) ? job : null;
        History = [.. details.History.OrderByDescending(h => h.CreatedAt)];
        return Page();
    }

    /// <summary>What the final state says: how long the run took, or why it failed.</summary>
    public string? Result()
    {
        if (History.Count == 0) return null;
        var data = History[0].Data ?? new Dictionary<string, string>();
        return State switch
        {
            "Succeeded" => data.TryGetValue("PerformanceDuration", out var ms) && long.TryParse(ms, CultureInfo.InvariantCulture, out var d)
                ? $"Finished successfully in {TimeSpan.FromMilliseconds(d).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s."
                : "Finished successfully.",
            "Failed" => $"Failed: {(data.TryGetValue("ExceptionMessage", out var message) ? message : History[0].Reason)}",
            "Deleted" => "Deleted before it ran.",
            _ => null,
        };
    }
}
