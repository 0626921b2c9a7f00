using System.ComponentModel.DataAnnotations;

namespace PaperMail.Core.Matching.Job;

/// <summary>Everything under <c>PaperMail:Matching</c>.</summary>
public sealed class MatchingOptions
{
    public const string Section = "PaperMail:Matching";

    /// <summary>
    /// A newly confirmed or edited alert is evaluated against the papers first seen in this many days. Read from
    /// <c>PaperMail:Digest:BackfillDays</c> too, where it was set before it moved here (this key wins when both are set).
    /// </summary>
    [Range(0, 90)]
    public int BackfillDays { get; set; } = 7;
}
