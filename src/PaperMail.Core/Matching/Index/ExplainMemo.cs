using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Index;

/// <summary>
/// Per-paper memo of term explanations, indexed by label id: a popular term ("large language models") appears in
/// thousands of matching alerts, and its fields and relevance on one paper are the same for all of them. Reused
/// across papers: <see cref="Reset"/> invalidates every entry at once by moving to a new stamp.
/// </summary>
internal sealed class ExplainMemo(int labelCount)
{
    private readonly int[] _stamps = new int[labelCount];
    private readonly double[] _relevance = new double[labelCount];
    private readonly MatchFields[] _fields = new MatchFields[labelCount];
    private int _stamp = 1;

    public void Reset() => _stamp++;

    public bool TryGet(int label, out double relevance, out MatchFields fields)
    {
        bool known = _stamps[label] == _stamp;
        relevance = known ? _relevance[label] : 0;
        fields = known ? _fields[label] : MatchFields.None;
        return known;
    }

    public void Set(int label, double relevance, MatchFields fields)
    {
        _stamps[label] = _stamp;
        _relevance[label] = relevance;
        _fields[label] = fields;
    }
}
