using PaperMail.Core.Matching.Index;
using System.Numerics.Tensors;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Semantic;

/// <summary>A recent paper a similar-papers alert would catch: how close it is and to which part of the alert.</summary>
public sealed record SimilarPreviewPaper(Paper Paper, double Similarity, string Reason);

/// <summary>
/// How many of the <paramref name="Window"/> most recent papers the alert catches (of the <paramref name="Embedded"/>
/// that have a vector yet), and the closest of them, best first.
/// </summary>
public sealed record SimilarPreview(int Total, int Window, int Embedded, IReadOnlyList<SimilarPreviewPaper> Papers);

/// <summary>
/// "Which recent papers would this similar-papers alert catch?" The same vectors, threshold and filters as the match
/// job. Papers not embedded yet are left out (a request never waits for the model to embed a thousand papers).
/// </summary>
public sealed class SimilarPreviewService(IPaperStore papers, ISemanticStore store, SimilarAlertEmbedder alerts)
{
    public const int Window = 1_000;
    public const int MaxShown = 10;

    /// <summary>Null when the alert has nothing to be made from (see <see cref="SimilarAlertEmbedder.EmbedAsync"/>).</summary>
    public async Task<SimilarPreview?> PreviewAsync(SimilarAlert alert, ParsedQuery? filter, int? minUpvotes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (await alerts.EmbedAsync(alert, ct) is not { } vector) return null;
        var recent = await papers.GetRecentAsync(Window, ct);
        var stored = await store.GetEmbeddingsAsync(alerts.Model, [.. recent.Select(p => p.Id)], ct);
        var examples = alert.Examples.ToHashSet(StringComparer.Ordinal);
        var caught = new List<SimilarPreviewPaper>();
        foreach (var paper in recent)
        {
            if (!stored.TryGetValue(paper.Id, out var e) || examples.Contains(paper.Id)) continue;
            var paperVector = CompactVector.Normalize(CompactVector.Decode(e.Vector));
            var similarity = TensorPrimitives.Dot(vector.Combined, paperVector);
            if (similarity < alert.Threshold) continue;
            if (minUpvotes is { } min && (paper.Upvotes ?? 0) < min) continue;
            if (filter is not null && QueryEvaluator.Evaluate(filter, MatchablePaper.From(paper)) is null) continue;
            caught.Add(new SimilarPreviewPaper(paper, similarity, SimilarAlertEmbedder.Reason(vector.Parts, paperVector)));
        }
        return new SimilarPreview(caught.Count, recent.Count, stored.Count,
            [.. caught.OrderByDescending(c => c.Similarity).ThenBy(c => c.Paper.Id, StringComparer.Ordinal).Take(MaxShown)]);
    }

    /// <summary>The papers closest to one paper ("more like this"), best first; empty when it has no vector yet.</summary>
    public async Task<IReadOnlyList<SimilarPreviewPaper>> MoreLikeAsync(string paperId, int count, CancellationToken ct)
    {
        var own = await store.GetEmbeddingsAsync(alerts.Model, [paperId], ct);
        if (!own.TryGetValue(paperId, out var mine)) return [];
        var vector = CompactVector.Normalize(CompactVector.Decode(mine.Vector));
        var recent = await papers.GetRecentAsync(Window * 2, ct);
        var stored = await store.GetEmbeddingsAsync(alerts.Model, [.. recent.Select(p => p.Id)], ct);
        return [.. recent.Where(p => p.Id != paperId && stored.ContainsKey(p.Id))
            .Select(p => new SimilarPreviewPaper(p, TensorPrimitives.Dot(vector, CompactVector.Normalize(CompactVector.Decode(stored[p.Id].Vector))), ""))
            .OrderByDescending(p => p.Similarity).ThenBy(p => p.Paper.Id, StringComparer.Ordinal).Take(count)];
    }
}
