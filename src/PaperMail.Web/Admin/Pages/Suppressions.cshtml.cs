using System.Globalization;
using PaperMail.Core.Bounces;

namespace PaperMail.Web.Admin.Pages;

/// <summary>
/// The whole suppression list: filtered by reason and by the day it was made, lifted one at a time or all that the
/// filter selects at once (a relay accident that suppressed everyone is undone in one action).
/// </summary>
public sealed class SuppressionsModel(ISuppressionStore store, TimeProvider clock, ILogger<SuppressionsModel> logger) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    /// <summary>First day (UTC, yyyy-MM-dd), inclusive.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>Last day (UTC, yyyy-MM-dd), inclusive.</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Suppression> Items { get; private set; } = [];
    public int Total { get; private set; }
    public List<string> Errors { get; } = [];
    public int? Lifted { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? lifted, CancellationToken ct)
    {
        Lifted = lifted;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLiftAsync(long subscriberId, CancellationToken ct)
    {
        var done = await store.LiftAsync(subscriberId, clock.GetUtcNow(), ct) ? 1 : 0;
        return RedirectToPage(new { Reason, From, To, lifted = done });
    }

    public async Task<IActionResult> OnPostLiftAllAsync(CancellationToken ct)
    {
        if (Filter() is not { } filter)
        {
            await LoadAsync(ct);
            return Page();
        }

        var count = await store.LiftAllAsync(filter, clock.GetUtcNow(), ct);
        logger.LogWarning("Admin lifted {Count} suppressions (reason {Reason}, from {From} to {To})", count, filter.Reason ?? "any", From ?? "any", To ?? "any");
        return RedirectToPage(new { Reason, From, To, lifted = count });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (Filter() is not { } filter) return;
        PageNumber = Math.Max(1, PageNumber);
        Total = await store.CountAsync(filter, ct);
        Items = await store.ListAsync(filter, PageSize, (PageNumber - 1) * PageSize, ct);
    }

    /// <summary>The filter the fields describe, or null with <see cref="Errors"/> filled in.</summary>
    private SuppressionFilter? Filter()
    {
        if (string.IsNullOrEmpty(Reason)) Reason = null;
        if (Reason is not null && !SuppressionFilter.Reasons.Contains(Reason)) Errors.Add($"Reason must be one of: {string.Join(", ", SuppressionFilter.Reasons)}.");
        var from = Day(From, nameof(From));
        var to = Day(To, nameof(To));
        if (from is { } f && to is { } t && t < f) Errors.Add("The last day must not be before the first.");
        return Errors.Count > 0 ? null : new SuppressionFilter(Reason, from, to?.AddDays(1).AddTicks(-TimeSpan.TicksPerMillisecond));
    }

    private DateTimeOffset? Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
        {
            return new DateTimeOffset(day, TimeSpan.Zero);
        }
        Errors.Add($"{(field == nameof(From) ? "First" : "Last")} day must be a date such as 2026-11-30.");
        return null;
    }
}
