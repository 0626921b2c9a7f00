using System.Xml;
using System.Xml.Linq;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// arXiv API responses (<c>export.arxiv.org/api/query</c>), Atom 1.0, in both the 2016 layout and the current one.
/// Reads entry by entry, so a document that breaks part way keeps the entries before the break.
/// </summary>
public static class ArxivAtomParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";

    /// <summary>Parses an arXiv API Atom document. Never throws for bad input; cancellation propagates.</summary>
    /// <param name="where">Names the document (file or URL) in skipped-item reports.</param>
    public static Task<ParseResult> ParseAsync(Stream stream, string where, CancellationToken ct) =>
        XmlFeedWalk.OpenAsync(stream, reader => ParseAsync(reader, where, ct));

    /// <summary>Parses from a reader that is at the start of the document or on the root element.</summary>
    internal static async Task<ParseResult> ParseAsync(XmlReader reader, string where, CancellationToken ct)
    {
        var result = new ParseResultBuilder();
        var entryNumber = 0;
        await XmlFeedWalk.WalkAsync(reader, "feed", "an Atom feed", where, result, async element =>
        {
            if (element is not { Depth: 1, LocalName: "entry" }) return false;
            entryNumber++;
            var entry = (XElement)await XNode.ReadFromAsync(element, ct);
            result.MapSafely(entry, $"{where} entry {entryNumber}", MapEntry);
            return true;
        }, ct);
        return result.Build();
    }

    private static void MapEntry(XElement entry, string where, ParseResultBuilder result)
    {
        var rawId = entry.Element(Atom + "id")?.Value.Trim();
        var summary = TextNormalizer.CollapseToNull(entry.Element(Atom + "summary")?.Value);

        // arXiv reports a bad query as a feed holding one entry whose id points at its error list.
        if (rawId is not null && rawId.Contains("arxiv.org/api/errors", StringComparison.OrdinalIgnoreCase))
        {
            result.SetFeedError(summary ?? TextNormalizer.CollapseToNull(entry.Element(Atom + "title")?.Value) ?? rawId);
            return;
        }

        if (!result.TryIdentify(where, rawId, "<id>", entry.Element(Atom + "title")?.Value, "<title>", out var id, out var title)) return;

        result.Add(new IncomingPaper
        {
            Id = id,
            Title = title,
            Abstract = summary,
            Authors = ReadAuthors(entry),
            Categories = ReadCategories(entry),
            PublishedAt = FeedValues.Timestamp(entry.Element(Atom + "published")?.Value),
        }, $"{where} ({id})");
    }

    private static List<string> ReadAuthors(XElement entry) =>
        entry.Elements(Atom + "author")
            .Select(author => TextNormalizer.CollapseWhitespace(author.Element(Atom + "name")?.Value))
            .Where(name => name.Length > 0)
            .ToList();

    /// <summary>Primary category first (the 2016 layout lists it before the others, the current one after).</summary>
    private static List<string> ReadCategories(XElement entry)
    {
        var primary = entry.Element(Arxiv + "primary_category")?.Attribute("term")?.Value.Trim();
        var categories = new List<string>();
        if (!string.IsNullOrEmpty(primary))
        {
            categories.Add(primary);
        }

        foreach (var category in entry.Elements(Atom + "category"))
        {
            var term = category.Attribute("term")?.Value.Trim();
            if (!string.IsNullOrEmpty(term) && !categories.Contains(term, StringComparer.Ordinal))
            {
                categories.Add(term);
            }
        }

        return categories;
    }
}
