using System.Diagnostics.CodeAnalysis;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>Collects a parser's output; every paper goes through <see cref="ParseLimits"/> on the way in.</summary>
internal sealed class ParseResultBuilder
{
    private readonly List<IncomingPaper> _papers = [];
    private readonly List<SkippedItem> _skipped = [];
    private string? _feedError;
    private bool _overflowReported;

    /// <summary>True once the document has given <see cref="ParseLimits.MaxItemsPerDocument"/> papers: parsers may stop reading.</summary>
    public bool IsFull => _papers.Count >= ParseLimits.MaxItemsPerDocument;

    public void Add(IncomingPaper paper, string where)
    {
        if (IsFull)
        {
            SkipRest(where);
            return;
        }

        if (ParseLimits.FindViolation(paper) is { } violation)
        {
            Skip(where, $"{paper.Id}: {violation}");
            return;
        }

        _papers.Add(paper);
    }

    /// <summary>Reports, once, that the document holds more items than one document may.</summary>
    public void SkipRest(string where)
    {
        if (!_overflowReported) Skip(where, $"the document holds more than {ParseLimits.MaxItemsPerDocument:N0} items; the rest are ignored");
        _overflowReported = true;
    }

    public void Skip(string where, string reason) => _skipped.Add(new SkippedItem(where, reason));

    public void Skip(SkippedItem item) => _skipped.Add(item);

    /// <summary>
    /// Every format's one rule for what makes an item a paper: an arXiv id and a title. False, with the item skipped
    /// for the reason (naming the fields read, as the format calls them), when either is missing or unusable.
    /// </summary>
    public bool TryIdentify(string where, string? rawId, string idField, string? title, string titleField,
        [NotNullWhen(true)] out string? id, [NotNullWhen(true)] out string? normalizedTitle)
    {
        normalizedTitle = null;
        if (!ArxivId.TryNormalize(rawId, out var normalized))
        {
            id = null;
            Skip(where, rawId is null ? $"{idField} is missing" : $"{idField} is not an arXiv id: {FeedValues.Shorten(rawId)}");
            return false;
        }

        id = normalized;
        normalizedTitle = TextNormalizer.CollapseToNull(title);
        if (normalizedTitle is null) Skip(where, $"{id}: no title ({titleField} is missing or empty)");
        return normalizedTitle is not null;
    }

    /// <summary>
    /// Maps one item; a bug or an input shape nobody foresaw costs that item (skipped with the reason), not the feed.
    /// </summary>
    public void MapSafely<T>(T item, string where, Action<T, string, ParseResultBuilder> map)
    {
        try
        {
            map(item, where, this);
        }
        catch (Exception exception) when (ItemFault.IsRecoverable(exception))
        {
            Skip(where, ItemFault.Describe(exception));
        }
    }

    public void SetFeedError(string message) => _feedError ??= message;

    /// <summary>
    /// A source error document carries no papers; should anything paper-like appear beside the error it is dropped,
    /// because the request as a whole failed.
    /// </summary>
    public ParseResult Build() => _feedError is null
        ? new ParseResult(_papers, _skipped)
        : new ParseResult([], _skipped, _feedError);
}
