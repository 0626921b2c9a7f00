using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Subscribing;

/// <summary>Settings under <c>PaperMail:Limits</c>: how much one address, and everyone together, may ask of PaperMail.</summary>
public sealed class AbuseLimitOptions
{
    public const string Section = "PaperMail:Limits";

    /// <summary>Active alerts one subscriber may have; the manage page refuses more and says so.</summary>
    [Range(1, 1000)]
    public int MaxAlertsPerSubscriber { get; set; } = 20;

    /// <summary>Alerts waiting for confirmation per address; beyond it the form sends nothing (and answers the same).</summary>
    [Range(1, 100)]
    public int MaxPendingAlertsPerAddress { get; set; } = 5;

    /// <summary>
    /// Confirmation emails per hour for all addresses together: a flood of form posts from many addresses and clients
    /// must not turn PaperMail into a spam cannon. Beyond it the form answers the same and sends nothing.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ConfirmationEmailsPerHour { get; set; } = 200;

    /// <summary>"Email me a manage link" emails per address per hour.</summary>
    [Range(1, 100)]
    public int ManageLinkEmailsPerAddressPerHour { get; set; } = 3;
}
