using System.IO.Compression;
using System.Text;
using System.Xml;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Entry point for any fetched or uploaded document: recognises the format from the content (see
/// <see cref="FeedFormatDetector"/>), unwraps gzip, and hands the stream to the matching parser.
/// </summary>
public static class DocumentParser
{
    // A gzip inside a gzip is plausible (a .gz of a .json.gz); deeper nesting is not, and each level multiplies size.
    private const int MaxGzipLayers = 2;

    /// <summary>
    /// Parses a document of any supported format. The stream may be non-seekable; it is not disposed. Never throws
    /// for bad input (an unrecognised format becomes <see cref="ParseResult.FeedError"/>); cancellation propagates.
    /// </summary>
    /// <param name="where">Names the document (file or URL) in skipped-item reports.</param>
    /// <param name="listedOn">For Hugging Face documents: the <c>date</c> that was queried.</param>
    public static Task<ParseResult> ParseAsync(Stream stream, string where, DateOnly? listedOn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ParseAsync(stream, where ?? "", listedOn, gzipLayers: 0, ct);
    }

    private static async Task<ParseResult> ParseAsync(Stream stream, string where, DateOnly? listedOn, int gzipLayers, CancellationToken ct)
    {
        byte[] head;
        try
        {
            head = await ReadHeadAsync(stream, ct);
        }
        catch (InvalidDataException exception)
        {
            return new ParseResult([], [ReadFault.Describe(exception, where)]);
        }

        var format = FeedFormatDetector.Detect(head);
        await using var replay = new PrefixedReadStream(head, stream);
        switch (format)
        {
            case FeedFormat.Gzip when gzipLayers >= MaxGzipLayers:
                return Unrecognised(where, $"more than {MaxGzipLayers} nested gzip layers");
            case FeedFormat.Gzip:
                await using (var gzip = new GZipStream(replay, CompressionMode.Decompress, leaveOpen: true))
                await using (var bounded = new DecompressedSizeLimit(gzip, ParseLimits.MaxDecompressedBytes))
                {
                    return await ParseAsync(bounded, where, listedOn, gzipLayers + 1, ct);
                }

            case FeedFormat.JsonArray:
                return await HuggingFaceDailyParser.ParseArrayAsync(replay, where, listedOn, ct);
            case FeedFormat.JsonLines:
                return await HuggingFaceDailyParser.ParseJsonLinesAsync(replay, where, listedOn, ct);
            case FeedFormat.Xml:
                return await ParseXmlAsync(replay, where, ct);
            default:
                return Unrecognised(where, head.Length == 0 ? "the document is empty" : $"it starts with \"{Preview(head)}\"");
        }
    }

    /// <summary>The root element picks the parser; a DOCTYPE or broken XML is refused here already.</summary>
    private static async Task<ParseResult> ParseXmlAsync(Stream stream, string where, CancellationToken ct)
    {
        using var reader = SafeXmlReaderFactory.Create(stream);
        try
        {
            await reader.MoveToContentAsync();
        }
        catch (XmlException exception)
        {
            return new ParseResult([], [ReadFault.Describe(exception, where)]);
        }
        catch (InvalidDataException exception)
        {
            return new ParseResult([], [ReadFault.Describe(exception, where)]);
        }

        return reader.LocalName switch
        {
            "feed" => await ArxivAtomParser.ParseAsync(reader, where, ct),
            "rss" => await ArxivRssParser.ParseAsync(reader, where, ct),
            var root => Unrecognised(where, $"XML with root element <{root}> is neither an arXiv Atom feed nor an RSS feed"),
        };
    }

    private static ParseResult Unrecognised(string where, string detail) =>
        new([], [], $"Unrecognised document format in {where}: {detail}. Expected a Hugging Face JSON array or JSON lines, arXiv Atom, arXiv RSS, or gzip of one of these.");

    private static async Task<byte[]> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var head = new byte[FeedFormatDetector.HeadLength];
        var filled = 0;
        while (filled < head.Length)
        {
            var read = await stream.ReadAsync(head.AsMemory(filled), ct);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled == head.Length ? head : head[..filled];
    }

    private static string Preview(byte[] head)
    {
        var text = Encoding.UTF8.GetString(head, 0, Math.Min(head.Length, 24));
        return new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
