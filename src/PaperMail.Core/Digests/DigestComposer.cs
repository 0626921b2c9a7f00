using Microsoft.Extensions.Options;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Digests;

/// <summary>
/// Turns the matches and top picks a digest covers into what the email says: each paper once with every alert that
/// brought it (and its rank when a top alert picked it), ordered by upvotes then relevance, at most
/// <see cref="DigestOptions.MaxPapers"/>, with highlighted title and excerpt.
/// </summary>
public sealed class DigestComposer(IOptions<DigestOptions> options)
{
    public const int ExcerptLength = 300;

    /// <param name="highlights">Highlights shared by the digests of one batch; null works each out afresh.</param>
    public DigestContent Compose(IReadOnlyList<DigestItem> items, HighlightCache? highlights = null)
    {
        highlights ??= new HighlightCache();
        // A stored query is in its normalised form already (AlertInput saves it so): shown as stored, never parsed here.
        static DigestAlert AlertOf(DigestItem item) => new(item.AlertId, item.SimilarLabel ?? item.AlertQuery, item.AlertTopN);

        var papers = items
            .GroupBy(i => i.Paper.Id, StringComparer.Ordinal)
            .Select(group => (Items: group, Paper: group.First().Paper, Relevance: group.Max(i => i.Relevance)))
            .OrderByDescending(p => p.Paper.Upvotes ?? 0)
            // Top picks keep their ranking's tie-break (the newer paper first).
            .ThenBy(p => p.Items.Min(i => i.Trend?.Rank ?? int.MaxValue))
            .ThenByDescending(p => p.Relevance)
            .ThenBy(p => p.Paper.Id, StringComparer.Ordinal)
            .ToList();
        // Within a similar-papers alert its papers go best first: the places its papers took in the order above are
        // handed out again by similarity (a similar match's relevance is its cosine). A paper another alert brought
        // too keeps its place, so keyword alerts' order is untouched.
        foreach (var alert in papers.Select((p, i) => (p, i)).Where(x => x.p.Items.Count() == 1 && x.p.Items.First().SimilarLabel is not null).GroupBy(x => x.p.Items.First().AlertId))
        {
            var places = alert.Select(x => x.i).ToList();
            var bySimilarity = alert.Select(x => x.p).OrderByDescending(p => p.Relevance).ThenBy(p => p.Paper.Id, StringComparer.Ordinal).ToList();
            for (int k = 0; k < places.Count; k++) papers[places[k]] = bySimilarity[k];
        }
        // Only the papers shown are highlighted and laid out: a digest can cover many more than it shows.
        var shown = papers.Take(options.Value.MaxPapers).Select(p => ToDigestPaper(p.Items, p.Paper, p.Relevance, AlertOf, highlights)).ToList();
        var alerts = items.Select(AlertOf).DistinctBy(a => a.Id).OrderBy(a => a.Id).ToList();
        return new DigestContent(Subject(papers.Count, alerts), Preheader(shown), shown, papers.Count - shown.Count, alerts);
    }

    private static DigestPaper ToDigestPaper(
        IEnumerable<DigestItem> items, Paper paper, double relevance, Func<DigestItem, DigestAlert> alertOf, HighlightCache highlights)
    {
        var hits = items.SelectMany(i => i.Hits).ToList();
        var terms = highlights.TermsOf(hits);
        var own = highlights.LinesOf(paper);
        return new DigestPaper(
            paper,
            [.. items.Select(alertOf).DistinctBy(a => a.Id)],
            [.. hits.Select(h => h.Term).Distinct(StringComparer.Ordinal)],
            relevance,
            highlights.Highlight(paper.Title, terms),
            highlights.Highlight(own.Excerpt, terms),
            own.AuthorLine,
            own.PageUrl,
            own.PdfUrl,
            // A paper two top alerts picked has one rank in the period: the one planned first is shown.
            items.Select(i => i.Trend).FirstOrDefault(t => t is not null));
    }

    /// <summary>The AI summary when there is one, else the start of the abstract cut at a word.</summary>
    public static string Excerpt(Paper paper)
    {
        if (!string.IsNullOrWhiteSpace(paper.AiSummary)) return paper.AiSummary;
        var text = paper.Abstract;
        if (text.Length <= ExcerptLength) return text;
        var cut = text.LastIndexOf(' ', ExcerptLength);
        return text[..(cut > ExcerptLength / 2 ? cut : ExcerptLength)].TrimEnd(',', ';', ':', ' ') + "…";
    }

    public static string AuthorLine(IReadOnlyList<string> authors) => authors.Count switch
    {
        0 => "",
        <= 3 => string.Join(", ", authors),
        _ => string.Join(", ", authors.Take(3)) + " et al.",
    };

    private static string Subject(int count, IReadOnlyList<DigestAlert> alerts)
    {
        var what = count == 1 ? "1 new paper" : $"{count} new papers";
        var names = string.Join(", ", alerts.Take(2).Select(a => a.Label));
        if (names.Length > 70) names = names[..69] + "…";
        var more = alerts.Count > 2 ? $" and {alerts.Count - 2} more alerts" : "";
        return $"{what} for {names}{more}";
    }

    private static string Preheader(IReadOnlyList<DigestPaper> papers) =>
        papers.Count == 0 ? "" : papers.Count == 1 ? papers[0].Paper.Title : $"{papers[0].Paper.Title} — and {papers.Count - 1} more";
}
