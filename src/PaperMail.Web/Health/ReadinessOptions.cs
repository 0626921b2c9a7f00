using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Health;

/// <summary><c>PaperMail:Readiness</c>: how <c>/readyz</c> decides.</summary>
public sealed class ReadinessOptions
{
    public const string Section = "PaperMail:Readiness";

    /// <summary>How long the write probe waits for another writer's lock before calling the database not writable.</summary>
    [Range(1, 60)]
    public int WriteProbeTimeoutSeconds { get; set; } = 5;
}
