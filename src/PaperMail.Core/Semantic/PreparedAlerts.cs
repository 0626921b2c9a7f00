using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Semantic;

/// <summary>The ready similar-papers alerts, row i of <see cref="Matrix"/> being <see cref="Alerts"/>[i].</summary>
internal sealed class PreparedAlerts(List<PreparedAlert> alerts, SimilarityMatrix matrix, List<SemanticAlert> waiting)
{
    public List<PreparedAlert> Alerts { get; } = alerts;

    public SimilarityMatrix Matrix { get; } = matrix;

    /// <summary>Alerts with nothing to make a vector from yet (no description, no known example): tried again each run.</summary>
    public List<SemanticAlert> Waiting { get; } = waiting;
}

/// <summary>
/// One alert as matching needs it. Its parts' vectors are kept compact and decoded on the first paper it matches;
/// an alert of one part keeps only that part's reason.
/// </summary>
internal sealed class PreparedAlert(SemanticAlert alert, ParsedQuery? filter, IReadOnlyList<AlertPart> parts)
{
    private readonly IReadOnlyList<AlertPart> _parts = parts.Count == 1 ? [new AlertPart(parts[0].Reason, [])] : parts;
    private IReadOnlyList<(string Reason, float[] Vector)>? _decoded;

    public long Id { get; } = alert.Id;

    public long SubscriberId { get; } = alert.SubscriberId;

    public int Version { get; } = alert.Version;

    public bool NeedsBackfill { get; } = alert.NeedsBackfill;

    public int? MinUpvotes { get; } = alert.MinUpvotes;

    public float Threshold { get; } = (float)alert.Spec.Threshold;

    public ParsedQuery? Filter { get; } = filter;

    /// <summary>The alert's own example papers, never sent back to it (most alerts have none: they share one empty set).</summary>
    public IReadOnlySet<string> Examples { get; } = alert.Spec.Examples.Count == 0 ? NoExamples : alert.Spec.Examples.ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> NoExamples = [];

    /// <summary>The reason of the part nearest <paramref name="paper"/> (a unit vector).</summary>
    public string Reason(float[] paper)
    {
        if (_parts.Count <= 1) return _parts.Count == 1 ? _parts[0].Reason : SimilarAlertEmbedder.DescriptionReason;
        var decoded = _decoded ??= [.. _parts.Select(p => (p.Reason, CompactVector.Normalize(CompactVector.Decode(p.Vector))))];
        return SimilarAlertEmbedder.Reason(decoded, paper);
    }
}
