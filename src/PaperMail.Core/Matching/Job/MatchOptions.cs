using System.ComponentModel.DataAnnotations;

namespace PaperMail.Core.Matching.Job;

/// <summary><c>PaperMail:Digest</c> settings the matching side needs.</summary>
public sealed class DigestOptions
{
    public const string Section = "PaperMail:Digest";

    /// <summary>A newly confirmed or edited alert is evaluated against the papers first seen in this many days.</summary>
    [Range(0, 90)]
    public int BackfillDays { get; set; } = 7;
}
