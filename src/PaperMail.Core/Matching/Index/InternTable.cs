namespace PaperMail.Core.Matching.Index;

/// <summary>
/// Maps strings to dense int ids (0, 1, 2…) and back, so compiled queries and postings hold ints. Term tables
/// also know their <see cref="Bigram"/>s by the ids of the two tokens, so a paper's adjacent token ids find them.
/// </summary>
internal sealed class InternTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];
    private readonly Dictionary<long, int> _bigrams = [];

    public int Count => _values.Count;

    public bool HasBigrams => _bigrams.Count > 0;

    /// <summary>An independent copy, so a built percolator never sees terms a reused builder adds later.</summary>
    public InternTable Clone()
    {
        var copy = new InternTable();
        foreach (var value in _values) copy.Intern(value);
        foreach (var (key, id) in _bigrams) copy._bigrams.Add(key, id);
        return copy;
    }

    public string this[int id] => _values[id];

    public int Intern(string value)
    {
        if (_ids.TryGetValue(value, out int id)) return id;
        id = _values.Count;
        _ids.Add(value, id);
        _values.Add(value);
        return id;
    }

    /// <summary>The id of a term or <see cref="Bigram"/> term (registering the pair of token ids for the latter).</summary>
    public int InternTerm(string term)
    {
        int space = term.IndexOf(Bigram.Separator, StringComparison.Ordinal);
        if (space < 0) return Intern(term);
        int id = Intern(term);
        _bigrams.TryAdd(Bigram.Key(Intern(term[..space]), Intern(term[(space + 1)..])), id);
        return id;
    }

    /// <summary>The id of <paramref name="value"/>, or -1 when no query uses it.</summary>
    public int Find(string value) => _ids.TryGetValue(value, out int id) ? id : -1;

    /// <summary>The id of the bigram of two token ids, or -1 when no alert is indexed under it.</summary>
    public int FindBigram(int first, int second) => _bigrams.TryGetValue(Bigram.Key(first, second), out int id) ? id : -1;
}
