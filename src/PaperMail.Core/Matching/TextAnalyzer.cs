using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace PaperMail.Core.Matching;

/// <summary>
/// The one text analysis used for papers and queries alike: letter/digit runs become tokens, diacritics are
/// removed, text is case-folded and English words are Porter-stemmed (so <c>LLMs</c> finds <c>LLM</c>).
/// </summary>
/// <remarks>
/// The build sets <c>InvariantGlobalization</c>, under which <see cref="string.Normalize()"/> is a no-op for
/// non-ASCII text, so "NFD + drop marks" cannot be done with the BCL. Instead we drop combining marks that are
/// already separate characters and fold the rest with Lucene's ASCII folding table (š→s, ğ→g, ø→o, ł→l, ß→ss),
/// which covers a superset of what NFD would strip. Scripts without an ASCII folding (CJK, Cyrillic…) pass
/// through lower-cased and unstemmed.
/// </remarks>
public static class TextAnalyzer
{
    // Porter stemmer instances keep state, so one per thread.
    [ThreadStatic] private static PorterStemmer? t_stemmer;

    // Stemming is the costly step and vocabularies repeat heavily; bounded so hostile input cannot grow it forever.
    private static readonly ConcurrentDictionary<string, string> StemCache = new(StringComparer.Ordinal);
    private const int StemCacheLimit = 200_000;

    public static string[] Analyze(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                current.Append(rune.ToString());
            }
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                // A combining accent belongs to the letter before it; dropping it is the "remove diacritics" step.
            }
            else if (current.Length > 0)
            {
                tokens.Add(Normalize(current));
                current.Clear();
            }
        }
        if (current.Length > 0) tokens.Add(Normalize(current));
        return [.. tokens];
    }

    private static string Normalize(StringBuilder raw)
    {
        var input = raw.ToString().ToCharArray();
        // Folding can expand one char to up to four (e.g. ⑽ → "(10)").
        var folded = new char[input.Length * 4];
        int length = ASCIIFoldingFilter.FoldToASCII(input, 0, folded, 0, input.Length);
        var word = new string(folded, 0, length).ToLowerInvariant();
        return IsAsciiLetterOrDigit(word) ? Stem(word) : word;
    }

    private static bool IsAsciiLetterOrDigit(string word)
    {
        foreach (var c in word)
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }

    private static string Stem(string word)
    {
        if (StemCache.TryGetValue(word, out var cached)) return cached;
        var stemmer = t_stemmer ??= new PorterStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        var stem = stemmer.Current;
        if (StemCache.Count < StemCacheLimit) StemCache.TryAdd(word, stem);
        return stem;
    }
}
