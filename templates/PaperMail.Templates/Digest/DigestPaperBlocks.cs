using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PaperMail.Core.Digests;
using PaperMail.Core.Papers;

namespace PaperMail.Templates.Digest;

/// <summary>
/// One paper as digests show it, but for its "why" line, which names each reader's own alerts: the HTML block
/// (<see cref="DigestPaperCard"/>) and the text lines (<see cref="DigestPaperText"/>), each as what comes before that
/// line and what comes after it.
/// </summary>
public sealed record RenderedPaper(string HtmlHead, string HtmlTail, string TextHead, string TextTail);

/// <summary>
/// Each paper's blocks, rendered once and reused by every digest that highlights the same words in it: a run's
/// subscribers read the same day's papers, mostly for the same matched words, so most blocks of a digest were rendered
/// for an earlier one, and rendering the papers was most of a digest's render. Each digest writes the paper's "why"
/// line itself. Thread-safe.
/// </summary>
/// <remarks>
/// The blocks hang on the paper object the run read (a weak key): they go when the run's papers go, and a paper read
/// again, changed, is a new key. Within one paper, the highlighted title and excerpt are compared by reference: the
/// compose stage hands out one list per text and words (<see cref="HighlightCache"/>). A paper keeps at most
/// <see cref="MaxVariants"/> blocks (highlighted for so many different sets of words), then starts afresh.
/// </remarks>
public sealed class DigestPaperBlocks(EmailTemplateRenderer templates)
{
    public const int MaxVariants = 64;

    /// <summary>Where the "why" line goes in a block as rendered: unguessable, so no paper's text can hold it.</summary>
    private static readonly string WhyAt = $"\u0001{Guid.NewGuid():N}\u0001";

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
            var (htmlHead, htmlTail) = Split(html.ToString());
            var (textHead, textTail) = Split(text.ToString());
            var blocks = BlocksOf(papers[index]);
            if (blocks.Count >= MaxVariants) blocks.Clear();
            rendered[index] = blocks.GetOrAdd(new BlockKey(papers[index]), new RenderedPaper(htmlHead, htmlTail, textHead, textTail));
        }
        return rendered;
    }

    private static (string Head, string Tail) Split(string block)
    {
        var at = block.IndexOf(WhyAt, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("A paper's block was rendered without its place for the \"why\" line.");
        return (block[..at], block[(at + WhyAt.Length)..]);
    }

    private ConcurrentDictionary<BlockKey, RenderedPaper> BlocksOf(DigestPaperLines lines) =>
        _blocks.GetValue(lines.Paper.Paper, static _ => new ConcurrentDictionary<BlockKey, RenderedPaper>());

    private static TemplateRender[] Renders(DigestPaperLines lines, TextWriter html, TextWriter text)
    {
        var parameters = new Dictionary<string, object?> { [nameof(DigestPaperCard.Lines)] = lines, [nameof(DigestPaperCard.WhyAt)] = WhyAt };
        return [new(typeof(DigestPaperCard), parameters, html), new(typeof(DigestPaperText), parameters, text)];
    }

    /// <summary>
    /// What, besides the paper itself, makes two digests show it differently: the words highlighted in its title and
    /// excerpt. The rest of a block (the line under the title, the links) is the paper's own; the "why" line is not in it.
    /// </summary>
    private readonly struct BlockKey(DigestPaperLines lines) : IEquatable<BlockKey>
    {
        private readonly DigestPaper _paper = lines.Paper;

        public bool Equals(BlockKey other) =>
            ReferenceEquals(_paper.Title, other._paper.Title) && ReferenceEquals(_paper.Excerpt, other._paper.Excerpt);

        public override bool Equals(object? obj) => obj is BlockKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_paper.Title), RuntimeHelpers.GetHashCode(_paper.Excerpt));
    }
}
