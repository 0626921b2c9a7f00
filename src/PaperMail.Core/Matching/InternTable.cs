namespace PaperMail.Core.Matching;

/// <summary>Maps strings to dense int ids (0, 1, 2…) and back, so compiled queries and postings hold ints.</summary>
internal sealed class InternTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];

    public int Count => _values.Count;

    /// <summary>An independent copy, so a built percolator never sees terms a reused builder adds later.</summary>
    public InternTable Clone()
    {
        var copy = new InternTable();
        foreach (var value in _values) copy.Intern(value);
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

    /// <summary>The id of <paramref name="value"/>, or -1 when no query uses it.</summary>
    public int Find(string value) => _ids.TryGetValue(value, out int id) ? id : -1;
}
