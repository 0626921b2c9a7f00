using System.Xml;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>Turns a failure that stops reading a document (broken XML, refused DTD, corrupt gzip) into a skipped item saying where.</summary>
internal static class ReadFault
{
    public static SkippedItem Describe(XmlException exception, string where)
    {
        var place = exception.LineNumber > 0
            ? $"{where} line {exception.LineNumber}, position {exception.LinePosition}"
            : where;
        // XmlReader reports a refused DOCTYPE as a plain XmlException; its message is the only thing that tells it apart.
        var reason = exception.Message.Contains("DTD", StringComparison.Ordinal)
            ? "DTDs are prohibited: document refused before any entity was read"
            : $"malformed XML, reading stopped (items before this point were kept): {exception.Message}";
        return new SkippedItem(place, reason);
    }

    /// <summary>For the two faults that stop a reader: broken or refused XML, corrupt compressed data.</summary>
    public static SkippedItem Describe(Exception exception, string where) => exception switch
    {
        XmlException xml => Describe(xml, where),
        InvalidDataException data => Describe(data, where),
        _ => new SkippedItem(where, exception.Message),
    };

    public static SkippedItem Describe(InvalidDataException exception, string where) => DecompressedSizeLimit.IsTooLarge(exception)
        ? new(where, $"{exception.Message}, reading stopped (items before this point were kept)")
        : new(where, $"corrupt compressed data, reading stopped (items before this point were kept): {exception.Message}");
}
