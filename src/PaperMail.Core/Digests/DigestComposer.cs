using Microsoft.Extensions.Options;
using PaperMail.Core.Matching;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Digests;

/// <summary>
/// Turns the matches a digest covers into what the email says: each paper once with every alert it matched, ordered by
/// upvotes then relevance, at most <see cref="DigestOptions.MaxPapers"/>, with highlighted title and excerpt.
/// </summary>
public sealed class DigestComposer(IOptions<DigestOptions> options)
{
    public const int ExcerptLength = 300;

    public DigestContent Compose(IReadOnlyList<DigestItem> items)
    {
        var papers = items
            .GroupBy(i => i.Paper.Id, StringComparer.Ordinal)
            .Select(ToDigestPaper)
            .OrderByDescending(p => p.Paper.Upvotes ?? 0)
            .ThenByDescending(p => p.Relevance)
            .ThenBy(p => p.Paper.Id, StringComparer.Ordinal)
            .ToList();
        var shown = papers.Take(options.Value.MaxPapers).ToList();
        var alerts = items.Select(i => new DigestAlert(i.AlertId, Normalize(i.AlertQuery))).DistinctBy(a => a.Id).OrderBy(a => a.Id).ToList();
        return new DigestContent(Subject(papers.Count, alerts), Preheader(shown), shown, papers.Count - shown.Count, alerts);
    }

    private static DigestPaper ToDigestPaper(IGrouping<string, DigestItem> group)
    {
        var paper = group.First().Paper;
        var hits = group.SelectMany(i => i.Hits).ToList();
        var terms = Highlighter.TermsOf(hits);
        return new DigestPaper(
            paper,
            [.. group.Select(i => new DigestAlert(i.AlertId, Normalize(i.AlertQuery))).DistinctBy(a => a.Id)],
            [.. hits.Select(h => h.Term).Distinct(StringComparer.Ordinal)],
            group.Max(i => i.Relevance),
            Highlighter.Highlight(paper.Title, terms),
            Highlighter.Highlight(Excerpt(paper), terms),
            AuthorLine(paper.Authors),
            PaperLinks.PageUrl(paper),
            PaperLinks.PdfUrl(paper.Id));
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
        var names = string.Join(", ", alerts.Take(2).Select(a => a.Query));
        if (names.Length > 70) names = names[..69] + "…";
        var more = alerts.Count > 2 ? $" and {alerts.Count - 2} more alerts" : "";
        return $"{what} for {names}{more}";
    }

    private static string Preheader(IReadOnlyList<DigestPaper> papers) =>
        papers.Count == 0 ? "" : papers.Count == 1 ? papers[0].Paper.Title : $"{papers[0].Paper.Title} — and {papers.Count - 1} more";

    private static string Normalize(string query) => QueryParser.Parse(query).Query?.Normalized ?? query;
}
