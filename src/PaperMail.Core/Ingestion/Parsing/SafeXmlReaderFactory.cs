using System.Xml;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// The only way PaperMail opens XML. Feeds come from the network, so DTDs are refused outright (no XXE, no
/// billion-laughs expansion), nothing is resolved, and documents are read as a stream rather than loaded whole.
/// </summary>
public static class SafeXmlReaderFactory
{
    /// <summary>An async, forward-only reader over <paramref name="stream"/>; the stream stays open.</summary>
    public static XmlReader Create(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return XmlReader.Create(stream, CreateSettings());
    }

    /// <summary>A fresh copy each time: XmlReaderSettings is mutable and must not be shared.</summary>
    internal static XmlReaderSettings CreateSettings() => new()
    {
        // A DOCTYPE makes the reader throw before any entity is declared, let alone expanded.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        // In .NET 0 here means "no limit", so a small non-zero cap is the stricter setting. With DTDs
        // prohibited no entity can be declared anyway; the five predefined entities (&amp; …) and character
        // references are not counted against this.
        MaxCharactersFromEntities = 1_024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
        Async = true,
    };
}
