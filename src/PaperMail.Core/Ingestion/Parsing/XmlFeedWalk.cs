using System.Xml;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// The reading loop both arXiv parsers share: check the root element, offer each element to the parser, and turn
/// broken XML or corrupt gzip into a skipped item that keeps every item read before it.
/// </summary>
internal static class XmlFeedWalk
{
    /// <summary>Opens <paramref name="stream"/> the safe way (<see cref="SafeXmlReaderFactory"/>) for a parser; the stream stays open.</summary>
    public static async Task<ParseResult> OpenAsync(Stream stream, Func<XmlReader, Task<ParseResult>> parse)
    {
        using var reader = SafeXmlReaderFactory.Create(stream);
        return await parse(reader);
    }

    /// <param name="root">The root element's local name, <c>feed</c> or <c>rss</c>.</param>
    /// <param name="kind">What that root makes the document, for the report when it is something else ("an Atom feed").</param>
    /// <param name="visit">
    /// Sees the reader on each element; answers true when it has read past the element (read it whole or skipped it),
    /// false to step into it.
    /// </param>
    public static async Task WalkAsync(XmlReader reader, string root, string kind, string where, ParseResultBuilder result,
        Func<XmlReader, Task<bool>> visit, CancellationToken ct)
    {
        try
        {
            if (await reader.MoveToContentAsync() != XmlNodeType.Element || reader.LocalName != root)
            {
                result.Skip(where, $"not {kind}: root element is <{reader.LocalName}>");
                return;
            }

            while (!reader.EOF)
            {
                ct.ThrowIfCancellationRequested();
                if (reader.NodeType != XmlNodeType.Element || !await visit(reader))
                {
                    await reader.ReadAsync();
                }
            }
        }
        catch (Exception exception) when (exception is XmlException or InvalidDataException)
        {
            result.Skip(ReadFault.Describe(exception, where));
        }
    }
}
