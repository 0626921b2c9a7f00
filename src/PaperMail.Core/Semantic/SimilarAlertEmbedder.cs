using Microsoft.Extensions.Logging;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Semantic;

/// <summary>An alert's combined unit vector and its parts, each part with the reason the digest gives for it.</summary>
public sealed record SimilarAlertVector(float[] Combined, IReadOnlyList<(string Reason, float[] Vector)> Parts);

/// <summary>
/// Works out a similar-papers alert's vector: its description through the model, each example through the paper's
/// own (stored) vector. Shared by the match job and the form's preview so both score papers the same way.
/// </summary>
public sealed partial class SimilarAlertEmbedder(PaperEmbedder embedder, ITextEmbedder model, IPaperStore papers, ILogger<SimilarAlertEmbedder> logger)
{
    public const string DescriptionReason = "close to your description";

    public string Model => model.Model;

    public int Dimensions => model.Dimensions;

    public static string ExampleReason(string title) => $"close to “{title}”";

    /// <summary>Null when the alert has nothing to be made from (no description, no example PaperMail holds).</summary>
    public async Task<SimilarAlertVector?> EmbedAsync(SimilarAlert alert, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var parts = new List<(string Reason, float[] Vector)>();
        if (!string.IsNullOrWhiteSpace(alert.Description))
        {
            var description = alert.Description;
            parts.Add((DescriptionReason, (await Task.Run(() => model.Embed([description], ct), ct))[0]));
        }
        var examples = new List<Paper>();
        foreach (var id in alert.Examples)
        {
            if (await papers.GetAsync(id, ct) is { } paper) examples.Add(paper);
            else LogUnknownExample(id);
        }
        var vectors = await embedder.EnsureAsync(examples, ct);
        foreach (var paper in examples) parts.Add((ExampleReason(paper.Title), vectors[paper.Id]));
        return parts.Count == 0 ? null : new SimilarAlertVector(SemanticAlertVector.Combine([.. parts.Select(p => p.Vector)], model.Dimensions), parts);
    }

    /// <summary>Whether two versions of an alert have the same vector: it is made from the description and examples only.</summary>
    public static bool SameVector(SimilarAlert a, SimilarAlert b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.Description ?? "", b.Description ?? "", StringComparison.Ordinal) && a.Examples.SequenceEqual(b.Examples, StringComparer.Ordinal);
    }

    /// <summary>The reason of the part nearest <paramref name="paper"/>.</summary>
    public static string Reason(IReadOnlyList<(string Reason, float[] Vector)> parts, float[] paper)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var best = parts[0].Reason;
        float bestScore = float.MinValue;
        foreach (var part in parts)
        {
            var score = System.Numerics.Tensors.TensorPrimitives.Dot(part.Vector, paper);
            if (score > bestScore) (best, bestScore) = (part.Reason, score);
        }
        return best;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Similar-papers alert example {PaperId} is not in the store; left out")]
    private partial void LogUnknownExample(string paperId);
}
