using PaperMail.Core.Configuration;

namespace PaperMail.Core.Ingestion.Sources;

/// <summary>
/// arXiv API (Atom) and arXiv RSS: one GET of the configured URL. The document's format is recognised from its
/// content, so both kinds share this class; the kind still names what the operator meant.
/// </summary>
public sealed class FeedUrlSource(SourceOptions options, HttpDocumentFetcher fetcher) : IPaperSource
{
    public SourceOptions Options => options;

    public Task<SourceFetch> FetchAsync(CancellationToken ct) => fetcher.FetchAsync(new Uri(options.Url!), null, ct);
}
