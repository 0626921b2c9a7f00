using System.Text.RegularExpressions;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Digests;

/// <summary>
/// Marks the words of a text that analyse (case, diacritics, stemming: the matcher's own analysis) to one of the
/// matched query words, so "LLMs" is highlighted for the query <c>LLM</c>.
/// </summary>
public static partial class Highlighter
{
    public static IReadOnlyList<TextSegment> Highlight(string text, IReadOnlySet<string> analyzedTerms)
    {
        var segments = new List<TextSegment>();
        var last = 0;
        foreach (Match word in Word().Matches(text))
        {
            if (!TextAnalyzer.Analyze(word.Value).Any(analyzedTerms.Contains)) continue;
            if (word.Index > last) segments.Add(new TextSegment(text[last..word.Index], false));
            segments.Add(new TextSegment(word.Value, true));
            last = word.Index + word.Length;
        }
        if (last < text.Length) segments.Add(new TextSegment(text[last..], false));
        return segments;
    }

    /// <summary>The analysed words of the hits a reader can see in a title or abstract (not author or org hits).</summary>
    public static IReadOnlySet<string> TermsOf(IEnumerable<TermHit> hits)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in hits.Where(h => (h.Fields & (MatchFields.Title | MatchFields.Abstract)) != 0))
        {
            var colon = FieldPrefix().Match(hit.Term);
            terms.UnionWith(TextAnalyzer.Analyze(colon.Success ? hit.Term[colon.Length..] : hit.Term));
        }
        return terms;
    }

    [GeneratedRegex(@"[\p{L}\p{N}\p{Mn}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^(title|abstract|author|org):", RegexOptions.IgnoreCase)]
    private static partial Regex FieldPrefix();
}
