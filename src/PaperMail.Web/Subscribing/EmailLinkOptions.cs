using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Subscribing;

/// <summary>
/// Settings under <c>PaperMail:Links</c>: how long the links in emails work. Confirmation links work 7 days; feed
/// addresses until the subscriber replaces them or signs out all links.
/// </summary>
public sealed class EmailLinkOptions
{
    public const string Section = "PaperMail:Links";

    /// <summary>Manage links (from the confirmation page, a requested manage-link email, or a digest), in days after they were sent.</summary>
    [Range(1, 365)]
    public int ManageDays { get; set; } = 30;

    /// <summary>
    /// Unsubscribe links (and a digest's "view in browser" page), in days after the email was sent. At least 60:
    /// people unsubscribe from old emails, and mail providers expect a list's unsubscribe link to keep working.
    /// </summary>
    [Range(60, 3650)]
    public int UnsubscribeDays { get; set; } = 90;

    public TimeSpan ManageLifetime => TimeSpan.FromDays(ManageDays);

    public TimeSpan UnsubscribeLifetime => TimeSpan.FromDays(UnsubscribeDays);
}
