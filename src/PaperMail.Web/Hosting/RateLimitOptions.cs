using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Hosting;

/// <summary>Settings under <c>PaperMail:RateLimits</c>: per client IP on form posts and the preview API, per address on confirmation emails.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "PaperMail:RateLimits";

    /// <summary>Form posts (subscribe, preview button, manage page) per client IP per window.</summary>
    [Range(1, 100_000)]
    public int FormPosts { get; set; } = 10;

    /// <summary>Live-preview requests per client IP per window (the page asks after each pause in typing).</summary>
    [Range(1, 100_000)]
    public int PreviewRequests { get; set; } = 120;

    /// <summary>
    /// Views of pages that cost work per client IP per window: the no-JavaScript preview (<c>/?q=</c> runs the full
    /// matcher), a digest's web view, the confirmation and manage pages.
    /// </summary>
    [Range(1, 100_000)]
    public int PageViews { get; set; } = 60;

    /// <summary>Atom feed requests per client IP per window (feed services fetch for many readers from few addresses).</summary>
    [Range(1, 100_000)]
    public int FeedRequests { get; set; } = 300;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Confirmation emails per address per hour; beyond it the form answers the same but sends nothing.</summary>
    [Range(1, 100)]
    public int ConfirmationEmailsPerAddressPerHour { get; set; } = 3;
}
