using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace PaperMail.Core.Matching.Language;

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
    // Looks words up by span, so a cached word costs no allocation (almost every word of a paper is cached).
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> StemLookup =
        StemCache.GetAlternateLookup<ReadOnlySpan<char>>();
    private const int StemCacheLimit = 200_000;

    public static string[] Analyze(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var tokens = new List<string>();
        // A token is never longer than the text, and ASCII letters are lower-cased as they are copied.
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        int length = 0;
        bool ascii = true;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                if (rune.IsAscii)
                {
                    chars[length++] = char.ToLowerInvariant((char)rune.Value);
                }
                else
                {
                    ascii = false;
                    length += rune.EncodeToUtf16(chars.AsSpan(length));
                }
            }
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                // A combining accent belongs to the letter before it; dropping it is the "remove diacritics" step.
            }
            else if (length > 0)
            {
                tokens.Add(ascii ? Stem(chars.AsSpan(0, length)) : Normalize(chars.AsSpan(0, length)));
                (length, ascii) = (0, true);
            }
        }
        if (length > 0) tokens.Add(ascii ? Stem(chars.AsSpan(0, length)) : Normalize(chars.AsSpan(0, length)));
        ArrayPool<char>.Shared.Return(chars);
        return [.. tokens];
    }

    /// <summary>A token with non-ASCII letters: folded to ASCII where Lucene knows how, lower-cased, stemmed if that made it ASCII.</summary>
    private static string Normalize(ReadOnlySpan<char> raw)
    {
        // Folding can expand one char to up to four (e.g. ⑽ → "(10)").
        var input = raw.ToArray();
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

    private static string Stem(ReadOnlySpan<char> word)
    {
        if (StemLookup.TryGetValue(word, out var cached)) return cached;
        var stemmer = t_stemmer ??= new PorterStemmer();
        var text = word.ToString();
        stemmer.SetCurrent(text);
        stemmer.Stem();
        var stem = stemmer.Current;
        if (StemCache.Count < StemCacheLimit) StemCache.TryAdd(text, stem);
        return stem;
    }
}
