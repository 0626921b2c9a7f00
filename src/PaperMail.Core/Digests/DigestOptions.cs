using System.ComponentModel.DataAnnotations;

namespace PaperMail.Core.Digests;

/// <summary>Everything under <c>PaperMail:Digest</c>.</summary>
public sealed class DigestOptions
{
    public const string Section = "PaperMail:Digest";

    /// <summary>Papers shown in one email; the rest are linked ("and N more").</summary>
    [Range(1, 200)]
    public int MaxPapers { get; set; } = 20;

    /// <summary>
    /// Daily digests go out at or after this hour on the subscriber's own clock (their time zone, else
    /// <see cref="TimeZone"/>), once per local day. The name is older than time zones: with the default zone it is UTC.
    /// </summary>
    [Range(0, 23)]
    public int SendHourUtc { get; set; } = 7;

    /// <summary>Weekly digests go out on this day (at or after <see cref="SendHourUtc"/>).</summary>
    public DayOfWeek WeeklyDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The operator's time zone (IANA name): the zone of subscribers who chose none.</summary>
    [Scheduling.IanaTimeZone]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Delivery attempts of one digest before it is marked failed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>
    /// The name this process claims digests under. On start it gives back its own claims left by a crash at once,
    /// instead of waiting out the claim timeout; processes sharing a database must have different names.
    /// </summary>
    [MaxLength(200)]
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>
    /// A digest still "sending" this long after its claim belongs to a node that stopped: another node claims it again.
    /// Each claim is renewed just before its email goes to the server, and a node sends only what it still holds: so this
    /// needs to outlast one message's wait in the SMTP pool plus its SMTP exchange, not a whole batch's wait. Shorter
    /// means a crashed node's digests wait less.
    /// </summary>
    [Range(5, 86_400)]
    public int ClaimTimeoutSeconds { get; set; } = (int)DigestService.ClaimTimeout.TotalSeconds;

    /// <summary>The operator's postal address or other footer line, shown in every digest.</summary>
    public string? FooterText { get; set; }
}
