namespace PaperMail.Core.Digests;

/// <summary>
/// The compose stage of one digest run: reads what each claimed batch covers in one read and composes every digest
/// of it. Reads the outbox, writes nothing. Highlights are shared by the whole run: subscribers of the same day's papers
/// see the same titles and excerpts, mostly for the same matched words. Called by one reading loop at a time.
/// </summary>
public sealed class DigestContents(IDigestStore store, DigestComposer composer) : IDigestComposeStage
{
    private readonly HighlightCache _highlights = new();

    public async Task<IReadOnlyList<DigestEnvelope>> ComposeAsync(IReadOnlyList<DigestRecord> claimed, CancellationToken ct)
    {
        var items = await store.GetItemsAsync([.. claimed.Select(d => d.Id)], ct);
        return [.. claimed.Select(digest => new DigestEnvelope(digest, composer.Compose(items.GetValueOrDefault(digest.Id) ?? [], _highlights)))];
    }
}
