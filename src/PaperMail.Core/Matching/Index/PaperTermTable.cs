using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Index;

/// <summary>
/// One paper's tokens translated to the term ids of a compiled query set, plus per-term, per-field counts in a
/// dense array indexed by term id (indexed <see cref="Bigram"/>s included), so a single-word check is one array read. Reused across papers (one per
/// thread): <see cref="Load"/> only touches the entries of the paper's own terms and <see cref="Clear"/> resets them.
/// </summary>
internal sealed class PaperTermTable(int termCount)
{
    // Four saturating 8-bit counters per term: title, abstract, author, organization (see ShiftOf).
    private readonly uint[] _counts = new uint[termCount];
    private readonly List<int> _present = [];
    // Position chains for the long fields, so a phrase is checked only where its first word occurs instead of
    // scanning a 250-token abstract: first position of each term (-1 if none) and, per position, the next
    // position holding the same term.
    private readonly int[] _firstInTitle = NewFilled(termCount);
    private readonly int[] _firstInAbstract = NewFilled(termCount);
    private static readonly int[][] NoValues = [];

    public int[] Title { get; private set; } = [];
    public int[] Abstract { get; private set; } = [];
    public int[] NextInTitle { get; private set; } = [];
    public int[] NextInAbstract { get; private set; } = [];
    public int[][] Authors { get; private set; } = NoValues;
    public int[][] Organization { get; private set; } = NoValues;
    public int? Upvotes { get; private set; }
    public string PaperId { get; private set; } = "";

    /// <summary>Distinct term ids of the loaded paper that some query uses.</summary>
    public List<int> PresentTerms => _present;

    public void Load(MatchablePaper paper, InternTable terms)
    {
        Clear();
        PaperId = paper.PaperId;
        Upvotes = paper.Upvotes;
        Title = Translate(paper.Title, terms, 0);
        Abstract = Translate(paper.Abstract, terms, 8);
        NextInTitle = Chain(Title, _firstInTitle);
        NextInAbstract = Chain(Abstract, _firstInAbstract);
        Authors = paper.Authors.Length == 0 ? NoValues : [.. paper.Authors.Select(a => Translate(a, terms, 16))];
        Organization = paper.Organization.Length == 0 ? NoValues : [.. paper.Organization.Select(o => Translate(o, terms, 24))];
    }

    public void Clear()
    {
        foreach (int id in _present)
        {
            _counts[id] = 0;
            _firstInTitle[id] = -1;
            _firstInAbstract[id] = -1;
        }
        _present.Clear();
    }

    public bool Has(int termId, int fieldMask) => (_counts[termId] & fieldMask) != 0;

    /// <summary>The packed per-field counters of a term (0 when the paper lacks it); test with <see cref="MaskOf"/>.</summary>
    public uint CountsOf(int termId) => _counts[termId];

    public int FirstInTitle(int termId) => _firstInTitle[termId];

    public int FirstInAbstract(int termId) => _firstInAbstract[termId];

    public int CountIn(int termId, MatchFields field) => (int)((_counts[termId] >> ShiftOf(field)) & 0xFF);

    /// <summary>Bit mask over the packed counters for the fields a query field covers.</summary>
    public static int MaskOf(QueryField field) => field switch
    {
        QueryField.Title => 0xFF,
        QueryField.Abstract => 0xFF00,
        QueryField.Author => 0xFF0000,
        QueryField.Organization => unchecked((int)0xFF000000),
        _ => 0xFFFF,
    };

    public static int ShiftOf(MatchFields field) => field switch
    {
        MatchFields.Title => 0,
        MatchFields.Abstract => 8,
        MatchFields.Author => 16,
        _ => 24,
    };

    private static int[] NewFilled(int length)
    {
        var array = new int[length];
        Array.Fill(array, -1);
        return array;
    }

    private static int[] Chain(int[] ids, int[] first)
    {
        var next = new int[ids.Length];
        for (int i = ids.Length - 1; i >= 0; i--)
        {
            int id = ids[i];
            if (id < 0) continue;
            next[i] = first[id];
            first[id] = i;
        }
        return next;
    }

    /// <summary>Token ids of one field value (-1 for tokens no query uses), counting them and the indexed bigrams they form.</summary>
    private int[] Translate(string[] tokens, InternTable terms, int shift)
    {
        var ids = new int[tokens.Length];
        bool bigrams = terms.HasBigrams;
        for (int i = 0; i < tokens.Length; i++)
        {
            int id = terms.Find(tokens[i]);
            ids[i] = id;
            if (id < 0) continue;
            Count(id, shift);
            if (bigrams && i > 0 && ids[i - 1] >= 0 && terms.FindBigram(ids[i - 1], id) is var pair and >= 0) Count(pair, shift);
        }
        return ids;
    }

    private void Count(int id, int shift)
    {
        uint count = _counts[id];
        if (count == 0) _present.Add(id);
        if (((count >> shift) & 0xFF) != 0xFF) _counts[id] = count + (1u << shift);
    }
}
