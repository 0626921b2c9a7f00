using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// rss.arxiv.org RSS 2.0 listings. Reads item by item, so a document that breaks part way keeps the items before the
/// break.
/// </summary>
/// <remarks>
/// Announce types <c>new</c> and <c>cross</c> (cross-listing) are normal items. <c>replace</c> and
/// <c>replace-cross</c> announce a revision of a paper that appeared earlier: those items get
/// <see cref="IncomingPaper.UpdateOnly"/> so they can refresh a stored paper but never create one — a revision must
/// never make an old paper look new. Any other or missing announce type is treated the same cautious way.
/// </remarks>
public static partial class ArxivRssParser
{
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";

    // arXiv's channel title when the requested archive does not exist; the description then says why.
    private const string ErrorTitlePrefix = "Feed error for query";

    /// <summary>Parses an arXiv RSS document. Never throws for bad input; cancellation propagates.</summary>
    /// <param name="where">Names the document (file or URL) in skipped-item reports.</param>
    public static Task<ParseResult> ParseAsync(Stream stream, string where, CancellationToken ct) =>
        XmlFeedWalk.OpenAsync(stream, reader => ParseAsync(reader, where, ct));

    /// <summary>Parses from a reader that is at the start of the document or on the root element.</summary>
    internal static async Task<ParseResult> ParseAsync(XmlReader reader, string where, CancellationToken ct)
    {
        var result = new ParseResultBuilder();
        string? channelTitle = null;
        string? channelDescription = null;
        var itemNumber = 0;
        await XmlFeedWalk.WalkAsync(reader, "rss", "an RSS feed", where, result, async element =>
        {
            if (element is not { Depth: 2, NamespaceURI: "" }) return false;
            switch (element.LocalName)
            {
                case "item":
                    itemNumber++;
                    var item = (XElement)await XNode.ReadFromAsync(element, ct);
                    result.MapSafely(item, $"{where} item {itemNumber}", MapItem);
                    break;
                case "title" when channelTitle is null:
                    channelTitle = ((XElement)await XNode.ReadFromAsync(element, ct)).Value;
                    break;
                case "description" when channelDescription is null:
                    channelDescription = ((XElement)await XNode.ReadFromAsync(element, ct)).Value;
                    break;
                default:
                    await element.SkipAsync();
                    break;
            }
            return true;
        }, ct);

        if (channelTitle is not null && channelTitle.TrimStart().StartsWith(ErrorTitlePrefix, StringComparison.OrdinalIgnoreCase))
        {
            result.SetFeedError(TextNormalizer.CollapseToNull(channelDescription) ?? TextNormalizer.CollapseWhitespace(channelTitle));
        }

        return result.Build();
    }

    private static void MapItem(XElement item, string where, ParseResultBuilder result)
    {
        var guid = item.Element("guid")?.Value.Trim();
        var link = item.Element("link")?.Value.Trim();
        // The guid names the paper; an item without a usable one is known by its link.
        var rawId = ArxivId.TryNormalize(guid, out _) ? guid : link ?? guid;
        if (!result.TryIdentify(where, rawId, "<guid> or <link>", item.Element("title")?.Value, "<title>", out var id, out var title)) return;

        var description = item.Element("description")?.Value ?? "";
        var announceType = TextNormalizer.CollapseToNull(item.Element(Arxiv + "announce_type")?.Value)
            ?? ReadAnnounceTypeFromDescription(description);
        var isAnnouncement = announceType is "new" or "cross";

        result.Add(new IncomingPaper
        {
            Id = id,
            Title = title,
            Abstract = ReadAbstract(description),
            Authors = item.Elements(Dc + "creator").SelectMany(creator => ArxivRssAuthors.Split(creator.Value)).ToList(),
            Categories = item.Elements("category")
                .Select(category => TextNormalizer.CollapseWhitespace(category.Value))
                .Where(category => category.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            // pubDate is the announcement day. For a revision that is not when the paper came out, so it is left out.
            PublishedAt = isAnnouncement ? ReadRfc822(item.Element("pubDate")?.Value) : null,
            UpdateOnly = !isAnnouncement,
        }, $"{where} ({id})");
    }

    /// <summary>The description is "arXiv:ID Announce Type: new \nAbstract: text"; only the text is the abstract.</summary>
    private static string? ReadAbstract(string description)
    {
        const string marker = "Abstract:";
        var start = description.IndexOf(marker, StringComparison.Ordinal);
        if (start >= 0)
        {
            return TextNormalizer.CollapseToNull(description[(start + marker.Length)..]);
        }

        // Without the marker a bare "arXiv:ID Announce Type: x" header carries no abstract.
        return description.TrimStart().StartsWith("arXiv:", StringComparison.Ordinal)
            ? null
            : TextNormalizer.CollapseToNull(description);
    }

    private static string? ReadAnnounceTypeFromDescription(string description) =>
        AnnounceTypeInDescription().Match(description) is { Success: true } match ? match.Groups[1].Value : null;

    private static DateTimeOffset? ReadRfc822(string? text) =>
        DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : null;

    [GeneratedRegex(@"Announce Type:\s*(\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex AnnounceTypeInDescription();
}
