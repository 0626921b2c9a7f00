using PaperMail.Core.Ingestion;
using PaperMail.Core.Operations;

namespace PaperMail.Web.Admin;

/// <summary>One row per source: configured or not, its last run, failures in the last 24 h and in a row, its last error.</summary>
public sealed record SourceHealthRow(string Source, string? Kind, bool Configured, bool Enabled, SourceRun? LastRun, SourceFailures? Failures)
{
    public bool Failing => Failures is { FailedInARow: > 0 };
}

/// <summary>The admin overview's "Source health" section (a component, so the overview page model stays as it is).</summary>
public sealed class SourceHealthViewComponent(
    ISourceRunStore runs, ISourceHealthStore health, IOptions<PaperMailOptions> options, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var latest = (await runs.GetLatestPerSourceAsync(ct)).ToDictionary(r => r.Source, StringComparer.Ordinal);
        var failures = (await health.GetFailuresAsync(clock.GetUtcNow().AddHours(-24), ct)).ToDictionary(f => f.Source, StringComparer.Ordinal);
        var configured = options.Value.Sources.Where(s => !string.IsNullOrEmpty(s.Name)).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var rows = configured.Keys.Union(latest.Keys).Order(StringComparer.Ordinal).Select(name =>
        {
            configured.TryGetValue(name, out var source);
            latest.TryGetValue(name, out var last);
            failures.TryGetValue(name, out var failed);
            return new SourceHealthRow(name, source?.Kind ?? last?.Kind, source is not null, source?.Enabled ?? false, last, failed);
        }).ToList();
        return View("/Admin/Pages/_SourceHealth.cshtml", rows);
    }
}
