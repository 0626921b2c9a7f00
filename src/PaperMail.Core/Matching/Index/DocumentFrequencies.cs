namespace PaperMail.Core.Matching.Index;

/// <summary>
/// In how many sample papers each analysed token, and each pair of adjacent tokens (<see cref="Bigram"/>), occurs.
/// The percolator indexes each alert under its rarest required term, so rarity decides how many alerts each new
/// paper has to verify.
/// </summary>
public sealed class DocumentFrequencies
{
    private readonly Dictionary<string, int> _counts;
    private readonly Dictionary<long, int> _bigramCounts;

    private DocumentFrequencies(Dictionary<string, int> counts, Dictionary<long, int> bigramCounts, int paperCount)
    {
        _counts = counts;
        _bigramCounts = bigramCounts;
        PaperCount = paperCount;
    }

    /// <summary>No sample: every term counts as unseen, and longer words are preferred as selectors.</summary>
    public static DocumentFrequencies Empty { get; } = new([], [], 0);

    public int PaperCount { get; }

    public static DocumentFrequencies FromPapers(IEnumerable<MatchablePaper> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int paperCount = 0;
        var bigramCounts = new Dictionary<long, int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenBigrams = new HashSet<long>();
        foreach (var paper in papers)
        {
            paperCount++;
            seen.Clear();
            seenBigrams.Clear();
            foreach (var value in paper.Values())
            {
                for (int i = 0; i < value.Length; i++)
                {
                    if (seen.Add(value[i])) counts[value[i]] = counts.GetValueOrDefault(value[i]) + 1;
                    if (i == 0) continue;
                    long pair = Bigram.TextKey(value[i - 1], value[i]);
                    if (seenBigrams.Add(pair)) bigramCounts[pair] = bigramCounts.GetValueOrDefault(pair) + 1;
                }
            }
        }
        return new DocumentFrequencies(counts, bigramCounts, paperCount);
    }

    /// <summary>Number of sample papers containing <paramref name="term"/>, a token or a <see cref="Bigram"/> (0 when unseen: probably rare).</summary>
    public int Of(string term) =>
        Bigram.IsBigram(term) ? _bigramCounts.GetValueOrDefault(Bigram.TextKey(term)) : _counts.GetValueOrDefault(term);
}
