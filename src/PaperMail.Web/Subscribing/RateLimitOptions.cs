using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Subscribing;

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

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Confirmation emails per address per hour; beyond it the form answers the same but sends nothing.</summary>
    [Range(1, 100)]
    public int ConfirmationEmailsPerAddressPerHour { get; set; } = 3;
}
