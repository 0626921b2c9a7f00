using System.Globalization;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Semantic;

/// <summary>The similar-papers fields exactly as posted: description, examples (ids or links, one per line or comma-separated), threshold.</summary>
public sealed record SimilarAlertForm(string? Description, string? Examples, string? Threshold);

/// <summary>Either a valid <see cref="SimilarAlert"/> or messages keyed by field (Description, Examples, Threshold).</summary>
public sealed record SimilarAlertResult(SimilarAlert? Alert, IReadOnlyDictionary<string, string> Errors);

/// <summary>
/// Validates the similar-papers fields without touching the store: whether each example is a paper PaperMail knows
/// is checked by the caller (<see cref="UnknownExamples"/>), so this stays a pure function.
/// </summary>
public static class SimilarAlertInput
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ',', ';'];

    /// <summary>
    /// A blank threshold takes <paramref name="defaultThreshold"/> for a description alone and
    /// <paramref name="examplesDefaultThreshold"/> once there is an example paper.
    /// </summary>
    public static SimilarAlertResult Validate(SimilarAlertForm form, double defaultThreshold = SimilarAlert.DefaultThreshold, double examplesDefaultThreshold = SimilarAlert.ExamplesDefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var description = string.IsNullOrWhiteSpace(form.Description) ? null : string.Join(' ', form.Description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (description is { Length: > SimilarAlert.MaxDescriptionLength })
            errors["Description"] = $"Keep the description under {SimilarAlert.MaxDescriptionLength} characters (it has {description.Length}).";

        var examples = new List<string>();
        var bad = new List<string>();
        foreach (var raw in (form.Examples ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryReadExample(raw, out var id)) { if (!examples.Contains(id, StringComparer.Ordinal)) examples.Add(id); }
            else bad.Add(raw.Length > 40 ? raw[..40] + "…" : raw);
        }
        if (bad.Count > 0)
            errors["Examples"] = $"Not an arXiv id or paper link: {string.Join(", ", bad.Take(3))}. Use ids like 2405.14906 or links to arxiv.org or huggingface.co/papers.";
        else if (examples.Count > SimilarAlert.MaxExamples)
            errors["Examples"] = $"Give at most {SimilarAlert.MaxExamples} example papers (you gave {examples.Count}).";
        else if (description is null && examples.Count == 0)
            errors["Description"] = "Describe what you want in a few words, or give at least one example paper.";

        double threshold = examples.Count == 0 ? defaultThreshold : examplesDefaultThreshold;
        if (!string.IsNullOrWhiteSpace(form.Threshold))
        {
            if (!double.TryParse(form.Threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out threshold)
                || double.IsNaN(threshold) || threshold < SimilarAlert.MinThreshold || threshold > SimilarAlert.MaxThreshold)
            {
                errors["Threshold"] = $"Closeness must be a number from {SimilarAlert.MinThreshold} to {SimilarAlert.MaxThreshold}.";
            }
        }
        return errors.Count == 0
            ? new SimilarAlertResult(new SimilarAlert(description, examples, Math.Round(threshold, 3)), errors)
            : new SimilarAlertResult(null, errors);
    }

    /// <summary>An arXiv id in any spelling ArxivId reads, or a Hugging Face paper page link.</summary>
    public static bool TryReadExample(string raw, out string id)
    {
        id = "";
        var text = raw.Trim();
        const string HfPapers = "huggingface.co/papers/";
        var at = text.IndexOf(HfPapers, StringComparison.OrdinalIgnoreCase);
        if (at >= 0) text = text[(at + HfPapers.Length)..].Split('?', '#')[0].TrimEnd('/');
        if (!ArxivId.TryNormalize(text, out var normalized)) return false;
        id = normalized;
        return true;
    }

    /// <summary>The message for the alert's examples PaperMail does not hold, or null when all are known.</summary>
    public static async Task<string?> UnknownExamplesAsync(SimilarAlert alert, IPaperStore papers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(papers);
        var unknown = new List<string>();
        foreach (var id in alert.Examples) if (await papers.GetAsync(id, ct) is null) unknown.Add(id);
        return UnknownExamples(unknown);
    }

    /// <summary>The message for examples PaperMail does not hold, or null when all are known.</summary>
    public static string? UnknownExamples(IReadOnlyCollection<string> unknown) => unknown.Count == 0 ? null
        : $"PaperMail does not know {(unknown.Count == 1 ? "this paper" : "these papers")} yet: {string.Join(", ", unknown.Take(5))}. Pick papers from the browse page.";
}
