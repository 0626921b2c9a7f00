using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperMail.Core.Semantic;

/// <summary>
/// A "similar papers" alert as stored: a description in plain words and/or example papers (arXiv ids), and the
/// cosine similarity a paper must reach. Its optional keyword filter is the alert's ordinary query.
/// </summary>
public sealed record SimilarAlert(
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("examples")] IReadOnlyList<string> Examples,
    [property: JsonPropertyName("threshold")] double Threshold)
{
    /// <summary>
    /// The threshold an alert made of a description alone starts with. Chosen from the corpus (docs/semantic.md,
    /// "Default threshold") so that a typical alert catches a small share of the papers.
    /// </summary>
    public const double DefaultThreshold = 0.45;

    /// <summary>
    /// The threshold an alert with example papers starts with: the mean of paper vectors sits closer to every paper
    /// than a short description does, so the same share needs a higher value (docs/semantic.md, "Default threshold").
    /// </summary>
    public const double ExamplesDefaultThreshold = 0.65;

    public const double MinThreshold = 0.2;
    public const double MaxThreshold = 0.95;
    public const int MaxExamples = 10;
    public const int MaxDescriptionLength = 500;

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Null for text that is not a stored similar-papers alert.</summary>
    public static SimilarAlert? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            var alert = JsonSerializer.Deserialize<SimilarAlert>(json);
            return alert is null ? null : alert with { Examples = alert.Examples ?? [] };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"papers like “machine translation…” and 2 examples", for labels and emails.</summary>
    public string Label
    {
        get
        {
            var examples = Examples.Count switch { 0 => "", 1 => "1 example paper", _ => $"{Examples.Count} example papers" };
            if (string.IsNullOrWhiteSpace(Description)) return $"papers like {examples}";
            var text = Description.Length > 60 ? Description[..59] + "…" : Description;
            return examples.Length == 0 ? $"papers like “{text}”" : $"papers like “{text}” and {examples}";
        }
    }
}
