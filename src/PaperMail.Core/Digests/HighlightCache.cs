namespace PaperMail.Core.Digests;

/// <summary>
/// Highlighted texts already worked out, for composing a batch of digests: subscribers of the same day's papers see
/// the same titles and excerpts, mostly for the same matched words, and analysing every word of them again for each
/// subscriber was the composer's main cost. Not thread-safe: one composing loop owns it. Starts afresh past
/// <see cref="MaxEntries"/>, so a long run of subscribers with varied alerts holds a bounded amount.
/// </summary>
public sealed class HighlightCache
{
    public const int MaxEntries = 20_000;

    private readonly Dictionary<(string Text, string Terms), IReadOnlyList<TextSegment>> _segments = [];

    public IReadOnlyList<TextSegment> Highlight(string text, IReadOnlySet<string> analyzedTerms)
    {
        // The terms are few (a paper's matched words); sorted, they make a key equal for equal sets.
        var key = (text, string.Join('\u001f', analyzedTerms.Order(StringComparer.Ordinal)));
        if (_segments.TryGetValue(key, out var segments)) return segments;
        if (_segments.Count >= MaxEntries) _segments.Clear();
        _segments[key] = segments = Highlighter.Highlight(text, analyzedTerms);
        return segments;
    }
}
