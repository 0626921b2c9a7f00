using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Digests;

/// <summary>
/// What composing has worked out already, for the digests of one run: subscribers of the same day's papers see the same
/// titles and excerpts, mostly for the same matched words, and working each out again for every subscriber (analysing
/// every word, cutting every excerpt) was the composer's main cost. Not thread-safe: one composing loop owns it. Each
/// table starts afresh past <see cref="MaxEntries"/>, so a long run of subscribers with varied alerts holds a bounded
/// amount.
/// </summary>
public sealed class HighlightCache
{
    public const int MaxEntries = 20_000;

    private readonly Dictionary<(string Text, string Terms), IReadOnlyList<TextSegment>> _segments = [];
    private readonly Dictionary<string, HighlightTerms> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<Paper, PaperOwnLines> _papers = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<TextSegment> Highlight(string text, IReadOnlySet<string> analyzedTerms) =>
        Highlight(text, new HighlightTerms(analyzedTerms));

    public IReadOnlyList<TextSegment> Highlight(string text, HighlightTerms terms)
    {
        var key = (text, terms.Key);
        if (_segments.TryGetValue(key, out var segments)) return segments;
        return Remember(_segments, key, Highlighter.Highlight(text, terms.Analyzed));
    }

    /// <summary>The analysed words of <paramref name="hits"/> a reader can see (<see cref="Highlighter.TermsOf"/>).</summary>
    public HighlightTerms TermsOf(IReadOnlyList<TermHit> hits)
    {
        var key = string.Join('\u001f', hits.Select(h => $"{(int)h.Fields}:{h.Term}"));
        return _terms.TryGetValue(key, out var terms) ? terms : Remember(_terms, key, new HighlightTerms(Highlighter.TermsOf(hits)));
    }

    /// <summary>What a digest prints of the paper whoever reads it (excerpt, authors, links), once per paper read.</summary>
    public PaperOwnLines LinesOf(Paper paper) =>
        _papers.TryGetValue(paper, out var lines) ? lines : Remember(_papers, paper, new PaperOwnLines(
            DigestComposer.Excerpt(paper), DigestComposer.AuthorLine(paper.Authors), PaperLinks.PageUrl(paper), PaperLinks.PdfUrl(paper.Id)));

    private static TValue Remember<TKey, TValue>(Dictionary<TKey, TValue> table, TKey key, TValue value) where TKey : notnull
    {
        if (table.Count >= MaxEntries) table.Clear();
        table[key] = value;
        return value;
    }
}

/// <summary>The lines of a paper that are the same in every digest (<see cref="HighlightCache.LinesOf"/>).</summary>
public sealed record PaperOwnLines(string Excerpt, string AuthorLine, string PageUrl, string PdfUrl);

/// <summary>A set of analysed words to highlight, with a key equal for equal sets.</summary>
public sealed class HighlightTerms(IReadOnlySet<string> analyzed)
{
    public IReadOnlySet<string> Analyzed { get; } = analyzed;

    /// <summary>The words sorted and joined: the sets are small (a paper's matched words).</summary>
    public string Key { get; } = string.Join('\u001f', analyzed.Order(StringComparer.Ordinal));
}
