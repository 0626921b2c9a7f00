using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Trending;

/// <summary>An alert a paper suggests: what it follows, in words, and the query that does it.</summary>
public sealed record SuggestedAlert(string Label, string Query);

/// <summary>
/// "Subscribe to papers like this": queries made from a paper's first authors, its organization and its key phrases.
/// Each is written in the alert language and kept only if it parses, so every shortcut fills the form with a valid alert.
/// </summary>
public static class SimilarPaperQueries
{
    public const int MaxAuthors = 3;
    public const int MaxKeyPhrases = 3;

    public static IReadOnlyList<SuggestedAlert> For(Paper paper)
    {
        var suggestions = new List<SuggestedAlert>();
        foreach (var author in paper.Authors.Take(MaxAuthors))
        {
            Add(suggestions, $"Papers by {author}", $"author:{Quoted(author)}");
        }
        if (paper.Organization is { } org)
        {
            Add(suggestions, $"Papers from {org.DisplayName ?? org.Name}", $"org:{Quoted(org.DisplayName ?? org.Name)}");
        }
        var phrases = paper.AiKeywords.Where(k => !string.IsNullOrWhiteSpace(k)).Take(MaxKeyPhrases).ToList();
        if (phrases.Count > 0)
        {
            Add(suggestions, $"Papers about {string.Join(", ", phrases)}", string.Join(" OR ", phrases.Select(Quoted)));
        }
        return suggestions;
    }

    private static string Quoted(string text) => $"\"{text.Replace("\"", "", StringComparison.Ordinal).Trim()}\"";

    private static void Add(List<SuggestedAlert> to, string label, string query)
    {
        if (QueryParser.Parse(query).Query is { } parsed) to.Add(new SuggestedAlert(label, parsed.Normalized));
    }
}
