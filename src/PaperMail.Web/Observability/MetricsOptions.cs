using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Observability;

/// <summary><c>PaperMail:Metrics</c>: where the Prometheus text is served.</summary>
public sealed class MetricsOptions
{
    public const string Section = "PaperMail:Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Empty: <c>/metrics</c> on the app's own port, for callers with the admin API key (<c>X-Api-Key</c>). A port:
    /// <c>/metrics</c> only on 127.0.0.1 at that port, without a key, and not on the app's port.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }
}
