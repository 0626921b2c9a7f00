using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion;

/// <summary>A source item that could not be used, with the reason that goes to the log.</summary>
public sealed record SkippedItem(string Where, string Reason);

/// <summary>What a parser made of one document: the good items and the skipped ones.</summary>
/// <param name="FeedError">Set when the document is the source's own error report (arXiv error entry or error feed).</param>
public sealed record ParseResult(IReadOnlyList<IncomingPaper> Papers, IReadOnlyList<SkippedItem> Skipped, string? FeedError = null)
{
    public static ParseResult Empty { get; } = new([], []);
}
