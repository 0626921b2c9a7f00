namespace PaperMail.Core.Matching;

/// <summary>
/// Matches papers against many stored alerts at once (the Lucene Monitor / Elasticsearch percolator approach):
/// each alert is indexed under a few selective terms, a paper's distinct terms pull candidate alerts from those
/// postings, and only the candidates are verified with the exact evaluator. Immutable and thread-safe; build a
/// new one with <see cref="PercolatorBuilder"/> when alerts change.
/// </summary>
public sealed class Percolator
{
    internal const int NoMinimum = int.MinValue;

    private readonly InternTable _terms;
    private readonly InternTable _labels;
    private readonly int[] _code;
    private readonly int[] _codeStarts;
    private readonly long[] _alertIds;
    private readonly int[] _minUpvotes;
    private readonly int[] _postingStarts;
    private readonly int[] _postingAlerts;
    private readonly int[] _alwaysVerify;
    private readonly ThreadLocal<MatchScratch> _scratch;

    internal Percolator(InternTable terms, InternTable labels, int[] code, int[] codeStarts, long[] alertIds,
        int[] minUpvotes, int[] postingStarts, int[] postingAlerts, int[] alwaysVerify)
    {
        _terms = terms;
        _labels = labels;
        _code = code;
        _codeStarts = codeStarts;
        _alertIds = alertIds;
        _minUpvotes = minUpvotes;
        _postingStarts = postingStarts;
        _postingAlerts = postingAlerts;
        _alwaysVerify = alwaysVerify;
        _scratch = new ThreadLocal<MatchScratch>(() => new MatchScratch(terms.Count, alertIds.Length));
    }

    public int AlertCount => _alertIds.Length;
    public int TermCount => _terms.Count;
    public int PostingCount => _postingAlerts.Length;
    /// <summary>Alerts with no indexable term, verified against every paper (normally zero).</summary>
    public int AlwaysVerifyCount => _alwaysVerify.Length;

    /// <summary>Approximate size of the arrays (code, postings, per-alert columns); excludes the term strings.</summary>
    public long ArrayBytes =>
        4L * (_code.Length + _codeStarts.Length + _minUpvotes.Length + _postingStarts.Length + _postingAlerts.Length + _alwaysVerify.Length)
        + 8L * _alertIds.Length;

    /// <summary>Every alert matching <paramref name="paper"/>, in alert order.</summary>
    public IReadOnlyList<AlertMatch> Match(MatchablePaper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var scratch = _scratch.Value!;
        var table = scratch.Table;
        table.Load(paper, _terms);
        var candidates = CollectCandidates(scratch);
        var matches = new List<AlertMatch>();
        var matchedAlerts = scratch.Matched;
        matchedAlerts.Clear();
        foreach (int alert in candidates)
            if (Verify(alert, table, matches)) matchedAlerts.Add(alert);
        table.Clear();
        // Candidates arrive in posting order; sorting the few matches (not the many candidates) gives alert order.
        if (matches.Count > 1)
        {
            var keys = matchedAlerts.ToArray();
            var ordered = matches.ToArray();
            Array.Sort(keys, ordered);
            return ordered;
        }
        return matches;
    }

    /// <summary>How many alerts the index makes <see cref="Match"/> verify for this paper (for benchmarks).</summary>
    internal int CandidateCount(MatchablePaper paper)
    {
        var scratch = _scratch.Value!;
        scratch.Table.Load(paper, _terms);
        int count = CollectCandidates(scratch).Count;
        scratch.Table.Clear();
        return count;
    }

    private List<int> CollectCandidates(MatchScratch scratch)
    {
        var table = scratch.Table;
        int stamp = scratch.NextStamp();
        var candidates = scratch.Candidates;
        candidates.Clear();
        foreach (int term in table.PresentTerms)
        {
            for (int p = _postingStarts[term]; p < _postingStarts[term + 1]; p++)
            {
                int alert = _postingAlerts[p];
                if (scratch.Seen[alert] == stamp) continue;
                scratch.Seen[alert] = stamp;
                candidates.Add(alert);
            }
        }
        foreach (int alert in _alwaysVerify)
            if (scratch.Seen[alert] != stamp) candidates.Add(alert);
        return candidates;
    }

    /// <summary>Matches many papers using all cores; results grouped by paper in input order.</summary>
    public IReadOnlyList<AlertMatch> MatchAll(IReadOnlyList<MatchablePaper> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var perPaper = new IReadOnlyList<AlertMatch>[papers.Count];
        Parallel.For(0, papers.Count, i => perPaper[i] = Match(papers[i]));
        return [.. perPaper.SelectMany(m => m)];
    }

    /// <summary>
    /// The baseline without the index: verifies every alert against the paper. Same results as <see cref="Match"/>;
    /// used by tests and benchmarks to measure what the index saves.
    /// </summary>
    public IReadOnlyList<AlertMatch> MatchBruteForce(MatchablePaper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var table = _scratch.Value!.Table;
        table.Load(paper, _terms);
        var matches = new List<AlertMatch>();
        for (int alert = 0; alert < _alertIds.Length; alert++) Verify(alert, table, matches);
        table.Clear();
        return matches;
    }

    private bool Verify(int alert, PaperTermTable table, List<AlertMatch> matches)
    {
        int minimum = _minUpvotes[alert];
        if (!MatchScore.PassesMinUpvotes(minimum == NoMinimum ? null : minimum, table.Upvotes)) return false;
        int start = _codeStarts[alert];
        if (!QueryProgramEvaluator.Matches(_code, start, table)) return false;
        var hits = new List<TermHit>(2);
        double relevance = QueryProgramEvaluator.Explain(_code, start, table, _labels, hits);
        matches.Add(new AlertMatch(_alertIds[alert], table.PaperId, relevance, MatchScore.Combine(relevance, table.Upvotes), hits));
        return true;
    }

    private sealed class MatchScratch(int termCount, int alertCount)
    {
        private int _stamp;

        public PaperTermTable Table { get; } = new(termCount);
        public int[] Seen { get; } = new int[alertCount];
        public List<int> Candidates { get; } = [];
        public List<int> Matched { get; } = [];

        public int NextStamp() => ++_stamp;
    }
}
