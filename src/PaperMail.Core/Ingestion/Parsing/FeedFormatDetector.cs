namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>Recognises a document from its content, never from a file name or a Content-Type header.</summary>
public static class FeedFormatDetector
{
    /// <summary>How many leading bytes <see cref="Detect"/> wants to see.</summary>
    public const int HeadLength = 1024;

    public static FeedFormat Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return FeedFormat.Gzip;
        }

        // UTF-16 byte order marks: only XML is decoded from UTF-16 here (JSON on the wire is UTF-8).
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return FeedFormat.Xml;
        }

        var position = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (position < head.Length && head[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            position++;
        }

        if (position == head.Length)
        {
            return FeedFormat.Unknown;
        }

        return head[position] switch
        {
            (byte)'[' => FeedFormat.JsonArray,
            (byte)'{' => FeedFormat.JsonLines,
            // An HTML page (proxy error, login wall) is reported as such rather than as a refused DTD.
            (byte)'<' when IsHtml(head[position..]) => FeedFormat.Unknown,
            (byte)'<' => FeedFormat.Xml,
            _ => FeedFormat.Unknown,
        };
    }

    private static bool IsHtml(ReadOnlySpan<byte> markup) =>
        StartsWithIgnoringCase(markup, "<!doctype html"u8) || StartsWithIgnoringCase(markup, "<html"u8);

    private static bool StartsWithIgnoringCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> asciiPrefix) =>
        text.Length >= asciiPrefix.Length && System.Text.Ascii.EqualsIgnoreCase(text[..asciiPrefix.Length], asciiPrefix);
}
