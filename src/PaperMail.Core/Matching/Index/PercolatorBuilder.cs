using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Index;

/// <summary>
/// Collects alerts into the compact form a <see cref="Percolator"/> matches with. Add alerts one at a time (the
/// builder keeps only ints, not the parsed queries), then <see cref="Build"/>. A builder may be kept, fed more
/// alerts, have some <see cref="Retire"/>d and be built again (the match job does this between runs, so a million
/// alerts are not parsed again because one changed); retired alerts keep their code in the pool until the next
/// build from scratch.
/// </summary>
public sealed class PercolatorBuilder(DocumentFrequencies? frequencies = null)
{
    private readonly DocumentFrequencies _frequencies = frequencies ?? DocumentFrequencies.Empty;
    private readonly InternTable _terms = new();
    private readonly InternTable _labels = new();
    private readonly IntBuffer _code = new(1 << 16);
    private readonly IntBuffer _codeStarts = new();
    private readonly List<long> _alertIds = [];
    private readonly IntBuffer _minUpvotes = new();
    // (key term id, posting) pairs, turned into per-term posting arrays by Build.
    private readonly IntBuffer _postingTerms = new();
    private Posting[] _postings = new Posting[1024];
    private readonly IntBuffer _alwaysVerify = new(16);
    private readonly HashSet<int> _retired = [];

    /// <summary>Alerts added so far, retired ones included; the next one added gets this position.</summary>
    public int Count => _alertIds.Count;

    public int RetiredCount => _retired.Count;

    public PercolatorBuilder Add(AlertDefinition alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        int index = _alertIds.Count;
        _alertIds.Add(alert.AlertId);
        _minUpvotes.Add(alert.MinUpvotes ?? Percolator.NoMinimum);
        int codeStart = _code.Count;
        _codeStarts.Add(codeStart);
        QueryCompiler.Compile(alert.Query.Root, _terms, _labels, _code);

        var routes = SelectorChooser.Choose(alert.Query.Root, _frequencies);
        if (routes is null)
        {
            // The parser rejects exclusion-only queries, so this is a safety net, not a path we expect.
            _alwaysVerify.Add(index);
            return this;
        }
        foreach (var route in routes)
        {
            if (_postingTerms.Count == _postings.Length) Array.Resize(ref _postings, _postings.Length * 2);
            _postings[_postingTerms.Count] = new Posting(index, codeStart, Posting.MinimumKey(alert.MinUpvotes),
                (uint)PaperTermTable.MaskOf(route.Key.Field),
                _terms.InternTerm(route.Check.Token), (uint)PaperTermTable.MaskOf(route.Check.Field),
                _terms.InternTerm(route.Check2.Token), (uint)PaperTermTable.MaskOf(route.Check2.Field), route.Exact);
            _postingTerms.Add(_terms.InternTerm(route.Key.Token));
        }
        return this;
    }

    public PercolatorBuilder AddRange(IEnumerable<AlertDefinition> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var alert in alerts) Add(alert);
        return this;
    }

    /// <summary>Stops the alert added at <paramref name="position"/> from matching in percolators built from now on.</summary>
    public PercolatorBuilder Retire(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Count);
        _retired.Add(position);
        return this;
    }

    public Percolator Build()
    {
        // Counting sort of the (term, posting) pairs into CSR form: postings of term t are
        // postings[starts[t] .. starts[t + 1]), in alert order. Retired alerts get no postings.
        int termCount = _terms.Count;
        var starts = new int[termCount + 1];
        for (int i = 0; i < _postingTerms.Count; i++)
            if (IsLive(_postings[i].Alert)) starts[_postingTerms[i] + 1]++;
        for (int t = 0; t < termCount; t++) starts[t + 1] += starts[t];
        var fill = (int[])starts.Clone();
        var postings = new Posting[starts[termCount]];
        for (int i = 0; i < _postingTerms.Count; i++)
            if (IsLive(_postings[i].Alert)) postings[fill[_postingTerms[i]]++] = _postings[i];
        int[] alwaysVerify = [.. _alwaysVerify.ToTrimmedArray().Where(IsLive)];

        // The buffers are trimmed and handed over without a copy; a later Add reallocates, so sharing is safe.
        return new Percolator(_terms.Clone(), _labels.Clone(), _code.ToTrimmedArray(), _codeStarts.ToTrimmedArray(), [.. _alertIds],
            _minUpvotes.ToTrimmedArray(), starts, postings, alwaysVerify, [.. _retired]);
    }

    private bool IsLive(int position) => _retired.Count == 0 || !_retired.Contains(position);
}
