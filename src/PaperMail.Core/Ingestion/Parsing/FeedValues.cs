using System.Globalization;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>Values the parsers read the same way whatever the format.</summary>
internal static class FeedValues
{
    /// <summary>An ISO 8601 timestamp, as arXiv's Atom and Hugging Face write them; one without an offset is UTC.</summary>
    public static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;

    /// <summary>A value quoted in a skip report, cut short: a hostile id may be megabytes long.</summary>
    public static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
