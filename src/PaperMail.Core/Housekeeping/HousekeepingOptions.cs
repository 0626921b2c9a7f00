using System.ComponentModel.DataAnnotations;

namespace PaperMail.Core.Housekeeping;

/// <summary>Settings under <c>PaperMail:Housekeeping</c>: how long data that is no longer needed is kept.</summary>
public sealed class HousekeepingOptions
{
    public const string Section = "PaperMail:Housekeeping";

    /// <summary>Unconfirmed alerts, and subscribers who never confirmed any, are deleted after this many days.</summary>
    [Range(7, 365)]
    public int UnconfirmedDays { get; set; } = 7;

    /// <summary>
    /// Days after unsubscribing before an address's data (alerts, matches, digests, the address itself) is deleted. A
    /// suppressed address (it bounced or complained) is then kept only as a hash, so it stays suppressed.
    /// </summary>
    [Range(0, 3650)]
    public int UnsubscribedRetentionDays { get; set; } = 30;

    /// <summary>Days the email log (which addresses got which email when) is kept; the hourly limits read its last hour.</summary>
    [Range(1, 3650)]
    public int EmailLogDays { get; set; } = 30;
}
