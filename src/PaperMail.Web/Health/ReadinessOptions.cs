using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Health;

/// <summary><c>PaperMail:Readiness</c>: how <c>/readyz</c> decides.</summary>
public sealed class ReadinessOptions
{
    public const string Section = "PaperMail:Readiness";

    /// <summary>How long the write probe waits for another writer's lock before calling the database not writable.</summary>
    [Range(1, 60)]
    public int WriteProbeTimeoutSeconds { get; set; } = 5;

    /// <summary>How long the SMTP relay may stay unreachable (as the digest run records it) before <c>/readyz</c> says so.</summary>
    [Range(1, 10080)]
    public int RelayDownMinutes { get; set; } = 30;
}
