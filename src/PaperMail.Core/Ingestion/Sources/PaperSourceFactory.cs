using PaperMail.Core.Configuration;

namespace PaperMail.Core.Ingestion.Sources;

/// <summary>Turns the configured source list into sources.</summary>
public sealed class PaperSourceFactory(HttpDocumentFetcher fetcher, TimeProvider clock, string contentRoot)
{
    public IPaperSource Create(SourceOptions options) => options.ParsedKind switch
    {
        SourceKind.HuggingFaceDaily => new HuggingFaceDailySource(options, fetcher, clock),
        SourceKind.ArxivApi or SourceKind.ArxivRss => new FeedUrlSource(options, fetcher),
        SourceKind.File => new FileSource(options, contentRoot),
        _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown source kind '{options.Kind}'."),
    };
}
