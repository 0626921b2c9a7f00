using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Storage;

/// <summary>
/// <c>PaperMail:Lease</c>: on SQLite, the one process that runs the jobs holds this lease in the database; a second
/// process on the same file stands by and takes over once the holder stops renewing.
/// </summary>
public sealed class LeaseOptions
{
    public const string Section = "PaperMail:Lease";

    /// <summary>How long a lease lasts without renewal: a standby takes over this long after the holder stopped.</summary>
    [Range(2, 3600)]
    public int TtlSeconds { get; set; } = 30;

    /// <summary>How often the holder renews (and a standby tries). Well under <see cref="TtlSeconds"/>.</summary>
    [Range(1, 1200)]
    public int RenewSeconds { get; set; } = 10;
}
