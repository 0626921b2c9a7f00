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
/// <para>A block is kept the second time a paper is shown the same way, not the first: the first digest writes the
/// paper inline, as a digest with no kept blocks does. Rendering a block alone costs more than writing it inline, so
/// keeping every paper's first sighting made digests whose readers share few papers (varied alerts) slower than no
/// reuse at all.</para>
/// <para>The blocks hang on the paper object the run read (a weak key): they go when the run's papers go, and a paper
/// read again, changed, is a new key. Within one paper, the highlighted title and excerpt are compared by reference:
/// the compose stage hands out one list per text and words (<see cref="HighlightCache"/>). A paper keeps at most
/// <see cref="MaxVariants"/> blocks and sightings (highlighted for so many different sets of words), then starts
/// afresh.</para>
/// </remarks>
public sealed class DigestPaperBlocks(EmailTemplateRenderer templates)
{
    public const int MaxVariants = 64;

    /// <summary>Where the "why" line goes in a block as rendered: unguessable, so no paper's text can hold it.</summary>
    private static readonly string WhyAt = $"\u0001{Guid.NewGuid():N}\u0001";

    /// <summary>A paper shown this way once: the next digest that shows it so renders its block to keep.</summary>
    private static readonly RenderedPaper SeenOnce = new("", "", "", "");

    private readonly ConditionalWeakTable<Paper, Dictionary<BlockKey, RenderedPaper>> _blocks = new();

    /// <summary>
    /// The kept blocks of <paramref name="papers"/>, in order, rendering those shown this way before; null for a paper
    /// seen the first time, which the digest writes inline.
    /// </summary>
    public async Task<IReadOnlyList<RenderedPaper?>> RenderAsync(IReadOnlyList<DigestPaperLines> papers)
    {
        var rendered = new RenderedPaper?[papers.Count];
        List<(int Index, Dictionary<BlockKey, RenderedPaper> Blocks, BlockKey Key, StringWriter Html, StringWriter Text)>? missing = null;
        for (var i = 0; i < papers.Count; i++)
        {
            var blocks = BlocksOf(papers[i]);
            var key = new BlockKey(papers[i]);
            // A paper's blocks are few and touched briefly: a lock each is cheaper than a concurrent dictionary each.
            lock (blocks)
            {
                if (blocks.TryGetValue(key, out var block))
                {
                    if (!ReferenceEquals(block, SeenOnce)) rendered[i] = block;
                    else (missing ??= []).Add((i, blocks, key, new StringWriter(), new StringWriter()));
                    continue;
                }
                if (blocks.Count >= MaxVariants) blocks.Clear();
                blocks[key] = SeenOnce;
            }
        }
        if (missing is null) return rendered;

        await templates.RenderToAsync([.. missing.SelectMany(m => Renders(papers[m.Index], m.Html, m.Text))]);
        foreach (var (index, blocks, key, html, text) in missing)
        {
            var (htmlHead, htmlTail) = Split(html.ToString());
            var (textHead, textTail) = Split(text.ToString());
            var kept = new RenderedPaper(htmlHead, htmlTail, textHead, textTail);
            lock (blocks)
            {
                // Another digest may have kept this block meanwhile: either is the same text.
                if (blocks.TryGetValue(key, out var current) && !ReferenceEquals(current, SeenOnce)) kept = current;
                else blocks[key] = kept;
            }
            rendered[index] = kept;
        }
        return rendered;
    }

    private static (string Head, string Tail) Split(string block)
    {
        var at = block.IndexOf(WhyAt, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("A paper's block was rendered without its place for the \"why\" line.");
        return (block[..at], block[(at + WhyAt.Length)..]);
    }

    private Dictionary<BlockKey, RenderedPaper> BlocksOf(DigestPaperLines lines) =>
        _blocks.GetValue(lines.Paper.Paper, static _ => []);

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
