namespace PaperMail.Core.Matching;

/// <summary>
/// In how many sample papers each analysed token occurs. The percolator indexes each alert under its rarest
/// required term, so rarity decides how many alerts each new paper has to verify.
/// </summary>
public sealed class DocumentFrequencies
{
    private readonly Dictionary<string, int> _counts;

    private DocumentFrequencies(Dictionary<string, int> counts, int paperCount)
    {
        _counts = counts;
        PaperCount = paperCount;
    }

    /// <summary>No sample: every term counts as unseen, and longer words are preferred as selectors.</summary>
    public static DocumentFrequencies Empty { get; } = new(new Dictionary<string, int>(), 0);

    public int PaperCount { get; }

    public static DocumentFrequencies FromPapers(IEnumerable<MatchablePaper> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int paperCount = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var paper in papers)
        {
            paperCount++;
            seen.Clear();
            foreach (var token in paper.AllTokens())
                if (seen.Add(token)) counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        return new DocumentFrequencies(counts, paperCount);
    }

    /// <summary>Number of sample papers containing <paramref name="token"/> (0 when unseen: probably rare).</summary>
    public int Of(string token) => _counts.GetValueOrDefault(token);
}
