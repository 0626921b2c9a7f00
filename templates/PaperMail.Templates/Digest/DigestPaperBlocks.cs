using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PaperMail.Core.Digests;
using PaperMail.Core.Papers;

namespace PaperMail.Templates.Digest;

/// <summary>One paper as a digest shows it: its HTML block (<see cref="DigestPaperCard"/>) and its text lines (<see cref="DigestPaperText"/>).</summary>
public sealed record RenderedPaper(string Html, string Text);

/// <summary>
/// Each paper's blocks, rendered once and reused by every digest that shows the paper the same way: the same
/// highlighted title and excerpt, the same "why" line. A run's subscribers read the same day's papers, mostly for the
/// same matched words, so most blocks of a digest were rendered for an earlier one, and rendering the papers was most
/// of a digest's render. Thread-safe.
/// </summary>
/// <remarks>
/// The blocks hang on the paper object the run read (a weak key): they go when the run's papers go, and a paper read
/// again, changed, is a new key. Within one paper, the highlighted title and excerpt are compared by reference: the
/// compose stage hands out one list per text and words (<see cref="HighlightCache"/>).
/// </remarks>
public sealed class DigestPaperBlocks(EmailTemplateRenderer templates)
{
    private readonly ConditionalWeakTable<Paper, ConcurrentDictionary<BlockKey, RenderedPaper>> _blocks = new();

    /// <summary>The blocks of <paramref name="papers"/>, in order; those not seen yet are rendered together in one go.</summary>
    public async Task<IReadOnlyList<RenderedPaper>> RenderAsync(IReadOnlyList<DigestPaperLines> papers)
    {
        var rendered = new RenderedPaper[papers.Count];
        List<(int Index, StringWriter Html, StringWriter Text)>? missing = null;
        for (var i = 0; i < papers.Count; i++)
        {
            if (BlocksOf(papers[i]).TryGetValue(new BlockKey(papers[i]), out var block)) rendered[i] = block;
            else (missing ??= []).Add((i, new StringWriter(), new StringWriter()));
        }
        if (missing is null) return rendered;

        await templates.RenderToAsync([.. missing.SelectMany(m => Renders(papers[m.Index], m.Html, m.Text))]);
        foreach (var (index, html, text) in missing)
        {
            rendered[index] = BlocksOf(papers[index]).GetOrAdd(new BlockKey(papers[index]), new RenderedPaper(html.ToString(), text.ToString()));
        }
        return rendered;
    }

    private ConcurrentDictionary<BlockKey, RenderedPaper> BlocksOf(DigestPaperLines lines) =>
        _blocks.GetValue(lines.Paper.Paper, static _ => new ConcurrentDictionary<BlockKey, RenderedPaper>());

    private static TemplateRender[] Renders(DigestPaperLines lines, TextWriter html, TextWriter text)
    {
        var parameters = new Dictionary<string, object?> { [nameof(DigestPaperCard.Lines)] = lines };
        return [new(typeof(DigestPaperCard), parameters, html), new(typeof(DigestPaperText), parameters, text)];
    }

    /// <summary>
    /// What, besides the paper itself, makes two digests show it differently (the line under the title and the
    /// author list are the paper's own).
    /// </summary>
    private readonly struct BlockKey(DigestPaperLines lines) : IEquatable<BlockKey>
    {
        private readonly DigestPaperLines _lines = lines;

        public bool Equals(BlockKey other)
        {
            DigestPaper a = _lines.Paper, b = other._lines.Paper;
            return ReferenceEquals(a.Title, b.Title) && ReferenceEquals(a.Excerpt, b.Excerpt)
                && a.PageUrl == b.PageUrl && a.PdfUrl == b.PdfUrl && Equals(a.Trend, b.Trend)
                && _lines.Queries == other._lines.Queries
                && _lines.MatchedTerms == other._lines.MatchedTerms && _lines.QueryAlertCount == other._lines.QueryAlertCount;
        }

        public override bool Equals(object? obj) => obj is BlockKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(
            RuntimeHelpers.GetHashCode(_lines.Paper.Title), RuntimeHelpers.GetHashCode(_lines.Paper.Excerpt),
            _lines.Paper.Trend, _lines.Queries, _lines.MatchedTerms, _lines.QueryAlertCount);
    }
}
