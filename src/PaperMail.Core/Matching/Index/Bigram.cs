namespace PaperMail.Core.Matching.Index;

/// <summary>
/// Two adjacent tokens, indexed as one more term so that a phrase's pairs (<c>"reward model"</c>) can key and
/// check postings: a pair is far rarer than either of its words, so papers that merely mention both words no
/// longer reach verification. Written as the two tokens joined by a space, which no analysed token contains.
/// </summary>
internal static class Bigram
{
    public const char Separator = ' ';

    public static string Of(string first, string second) => string.Concat(first, " ", second);

    public static bool IsBigram(string term) => term.Contains(Separator, StringComparison.Ordinal);

    /// <summary>The pair of term ids as one dictionary key.</summary>
    public static long Key(int first, int second) => ((long)first << 32) | (uint)second;

    /// <summary>
    /// The pair as a key built from the tokens' text (for frequency counts, before any ids exist). Hash
    /// collisions only blur a rarity estimate, never a match.
    /// </summary>
    public static long TextKey(ReadOnlySpan<char> first, ReadOnlySpan<char> second) =>
        ((long)string.GetHashCode(first, StringComparison.Ordinal) << 32) | (uint)string.GetHashCode(second, StringComparison.Ordinal);

    /// <summary><see cref="TextKey"/> of a term written by <see cref="Of"/>.</summary>
    public static long TextKey(string bigram)
    {
        int space = bigram.IndexOf(Separator, StringComparison.Ordinal);
        return TextKey(bigram.AsSpan(0, space), bigram.AsSpan(space + 1));
    }
}
