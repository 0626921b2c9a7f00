using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Index;

/// <summary>
/// Matches papers against many stored alerts at once (the Lucene Monitor / Elasticsearch percolator approach):
/// each alert is filed under a few selective terms (<see cref="SelectorChooser"/>; a phrase's terms are its pairs
/// of adjacent words, see <see cref="Bigram"/>), a paper's distinct terms pull the alerts filed under them, two more
/// required terms stored in the posting are checked before the alert's query is read, and only the survivors are
/// verified with the exact evaluator. Explanations (hits, relevance) are built only for the alerts that match.
/// Immutable and thread-safe; <see cref="PercolatorBuilder"/> builds a new one when alerts change.
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
    private readonly Posting[] _postings;
    private readonly int[] _alwaysVerify;
    // Alerts retired by the builder: they have no postings; only the brute-force baseline has to skip them.
    private readonly HashSet<int> _retired;
    private readonly ThreadLocal<MatchScratch> _scratch;

    internal Percolator(InternTable terms, InternTable labels, int[] code, int[] codeStarts, long[] alertIds,
        int[] minUpvotes, int[] postingStarts, Posting[] postings, int[] alwaysVerify, HashSet<int> retired)
    {
        _retired = retired;
        _terms = terms;
        _labels = labels;
        _code = code;
        _codeStarts = codeStarts;
        _alertIds = alertIds;
        _minUpvotes = minUpvotes;
        _postingStarts = postingStarts;
        _postings = postings;
        _alwaysVerify = alwaysVerify;
        _scratch = new ThreadLocal<MatchScratch>(() => new MatchScratch(terms.Count, alertIds.Length, labels.Count));
    }

    /// <summary>Alerts that can match (added and not retired).</summary>
    public int AlertCount => _alertIds.Length - _retired.Count;
    public int TermCount => _terms.Count;
    public int PostingCount => _postings.Length;
    /// <summary>Alerts with no indexable term, verified against every paper (normally zero).</summary>
    public int AlwaysVerifyCount => _alwaysVerify.Length;

    /// <summary>Approximate size of the arrays (code, postings, per-alert columns); excludes the term strings.</summary>
    public long ArrayBytes =>
        4L * (_code.Length + _codeStarts.Length + _minUpvotes.Length + _postingStarts.Length + _alwaysVerify.Length)
        + 8L * _alertIds.Length + (long)Unsafe.SizeOf<Posting>() * _postings.Length;

    /// <summary>Every alert matching <paramref name="paper"/>, in alert order, with hits and scores.</summary>
    public IReadOnlyList<AlertMatch> Match(MatchablePaper paper) => WithPaper(paper, scratch =>
    {
        FindMatches(scratch, scratch.Matched);
        return Explain(scratch.Matched, scratch);
    });

    /// <summary>Matches many papers using all cores; results grouped by paper in input order.</summary>
    public IReadOnlyList<AlertMatch> MatchAll(IReadOnlyList<MatchablePaper> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var perPaper = new IReadOnlyList<AlertMatch>[papers.Count];
        Parallel.For(0, papers.Count, i => perPaper[i] = Match(papers[i]));
        var all = new AlertMatch[perPaper.Sum(m => m.Count)];
        int at = 0;
        foreach (var matches in perPaper)
            foreach (var match in matches) all[at++] = match;
        return all;
    }

    /// <summary>
    /// The baseline without the index: verifies every alert against the paper with the same evaluator. Same
    /// results as <see cref="Match"/>; used by tests and benchmarks to measure what the index saves.
    /// </summary>
    public IReadOnlyList<AlertMatch> MatchBruteForce(MatchablePaper paper) => WithPaper(paper, scratch =>
    {
        for (int alert = 0; alert < _alertIds.Length; alert++)
            if (!_retired.Contains(alert) && Verify(alert, scratch.Table)) scratch.Matched.Add(alert);
        return Explain(scratch.Matched, scratch);
    });

    /// <summary>
    /// Index work for one paper (for benchmarks): postings read, alerts whose query was evaluated (exact postings
    /// need none), and how many of those matched.
    /// </summary>
    internal (long Scanned, int Verified, int Confirmed) CandidateCounts(MatchablePaper paper) => WithPaper(paper, scratch =>
    {
        long scanned = 0;
        foreach (int term in scratch.Table.PresentTerms) scanned += _postingStarts[term + 1] - _postingStarts[term];
        var (verified, confirmed) = FindMatches(scratch, scratch.Matched);
        return (scanned, verified, confirmed);
    });

    /// <summary>How many alerts match, without building explanations (for benchmarks: the hot path alone).</summary>
    internal int CountMatches(MatchablePaper paper) => WithPaper(paper, scratch =>
    {
        FindMatches(scratch, scratch.Matched);
        return scratch.Matched.Count;
    });

    /// <summary>Runs <paramref name="use"/> with the paper loaded into this thread's scratch and no alerts matched yet.</summary>
    private T WithPaper<T>(MatchablePaper paper, Func<MatchScratch, T> use)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var scratch = _scratch.Value!;
        scratch.Table.Load(paper, _terms);
        scratch.Matched.Clear();
        try
        {
            return use(scratch);
        }
        finally
        {
            scratch.Table.Clear();
        }
    }

    /// <summary>The hot path: alert indexes matching the loaded paper, unordered. Returns how many were verified and matched.</summary>
    private (int Verified, int Confirmed) FindMatches(MatchScratch scratch, List<int> matched)
    {
        var table = scratch.Table;
        var seen = scratch.Seen;
        int stamp = scratch.NextStamp();
        var postings = _postings;
        int upvotes = Posting.UpvotesKey(table.Upvotes);
        int verified = 0, confirmed = 0;
        foreach (int term in table.PresentTerms)
        {
            uint counts = table.CountsOf(term);
            int end = _postingStarts[term + 1];
            for (int p = _postingStarts[term]; p < end; p++)
            {
                ref readonly var posting = ref postings[p];
                if ((counts & posting.KeyMask) == 0
                    || (table.CountsOf(posting.Check) & posting.CheckMask) == 0
                    || (table.CountsOf(posting.Check2) & posting.Check2Mask) == 0
                    || upvotes < posting.MinUpvotes) continue;
                int alert = posting.Alert;
                if (seen[alert] == stamp) continue;
                seen[alert] = stamp;
                if (posting.Exact)
                {
                    matched.Add(alert);
                    continue;
                }
                verified++;
                if (!QueryProgramEvaluator.Matches(_code, posting.CodeStart, table)) continue;
                confirmed++;
                matched.Add(alert);
            }
        }
        foreach (int alert in _alwaysVerify)
        {
            if (seen[alert] == stamp) continue;
            verified++;
            if (!Verify(alert, table)) continue;
            confirmed++;
            matched.Add(alert);
        }
        return (verified, confirmed);
    }

    private bool Verify(int alert, PaperTermTable table)
    {
        int minimum = _minUpvotes[alert];
        return MatchScore.PassesMinUpvotes(minimum == NoMinimum ? null : minimum, table.Upvotes)
            && QueryProgramEvaluator.Matches(_code, _codeStarts[alert], table);
    }

    /// <summary>Hits and scores for matched alerts, in alert order; the only allocating step.</summary>
    private AlertMatch[] Explain(List<int> matched, MatchScratch scratch)
    {
        if (matched.Count == 0) return [];
        var table = scratch.Table;
        var memo = scratch.Memo;
        memo.Reset();
        var alerts = CollectionsMarshal.AsSpan(matched);
        alerts.Sort();
        var result = new AlertMatch[alerts.Length];
        var hits = new List<TermHit>(8);
        for (int i = 0; i < alerts.Length; i++)
        {
            int alert = alerts[i];
            hits.Clear();
            double relevance = QueryProgramEvaluator.Explain(_code, _codeStarts[alert], table, _labels, hits, memo);
            result[i] = new AlertMatch(_alertIds[alert], table.PaperId, relevance, MatchScore.Combine(relevance, table.Upvotes), hits.ToArray());
        }
        return result;
    }

    private sealed class MatchScratch(int termCount, int alertCount, int labelCount)
    {
        private int _stamp;

        public PaperTermTable Table { get; } = new(termCount);
        public int[] Seen { get; } = new int[alertCount];
        public List<int> Matched { get; } = [];
        public ExplainMemo Memo { get; } = new(labelCount);

        public int NextStamp() => ++_stamp;
    }
}
