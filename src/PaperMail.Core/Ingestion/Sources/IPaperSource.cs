using PaperMail.Core.Configuration;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion.Sources;

/// <summary>One configured place papers come from.</summary>
public interface IPaperSource
{
    SourceOptions Options { get; }

    /// <summary>
    /// Fetches and parses everything the source currently offers. Faults of one document (HTTP error, timeout,
    /// malformed body) are reported in the result, never thrown, so the other documents of the run are kept.
    /// </summary>
    Task<SourceFetch> FetchAsync(CancellationToken ct);
}

/// <summary>What one source run brought: usable papers, skipped items with reasons, and document-level errors.</summary>
public sealed record SourceFetch(IReadOnlyList<IncomingPaper> Papers, IReadOnlyList<SkippedItem> Skipped, IReadOnlyList<string> Errors)
{
    public static SourceFetch Combine(IEnumerable<SourceFetch> parts)
    {
        List<IncomingPaper> papers = [];
        List<SkippedItem> skipped = [];
        List<string> errors = [];
        foreach (var p in parts)
        {
            papers.AddRange(p.Papers);
            skipped.AddRange(p.Skipped);
            errors.AddRange(p.Errors);
        }
        return new SourceFetch(papers, skipped, errors);
    }

    public static SourceFetch From(ParseResult result) =>
        new(result.Papers, result.Skipped, result.FeedError is null ? [] : [result.FeedError]);

    public static SourceFetch Failed(string error) => new([], [], [error]);
}
