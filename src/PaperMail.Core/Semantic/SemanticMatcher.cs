using PaperMail.Core.Matching.Index;
using Microsoft.Extensions.Logging;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Semantic;

/// <summary>
/// The similar-papers side of one match run: the same pages of new papers and the same back-fill window as keyword
/// alerts, matched by cosine similarity between each alert's vector and each paper's. A match carries its cosine as
/// its relevance and score, and its reason ("close to your description" / "close to “title”": the alert part nearest
/// the paper) as its one hit. One instance serves one run; alert vectors are worked out once per alert version and
/// stored, and the alert matrix is kept between runs in <see cref="SemanticAlertCache"/> while the alerts are unchanged.
/// </summary>
public sealed partial class SemanticMatcher(
    ISemanticStore store, PaperEmbedder embedder, SimilarAlertEmbedder alerts, IPaperStore papers, ILogger<SemanticMatcher> logger,
    SemanticAlertCache? cache = null)
{
    private readonly SemanticAlertCache _cache = cache ?? new SemanticAlertCache();
    private PreparedAlerts? _prepared;

    /// <summary>Matches of the ready similar-papers alerts in <paramref name="page"/>.</summary>
    public async Task<List<NewMatch>> MatchAsync(IReadOnlyList<Paper> page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        var prepared = _prepared ??= await PrepareAsync(ct);
        if (prepared.Alerts.Count == 0 || page.Count == 0) return [];
        return await MatchAsync(prepared, null, page, ct);
    }

    /// <summary>
    /// The recent papers each confirmed-or-edited similar-papers alert would have caught, and which alert versions
    /// that covers. An alert whose vector cannot be made yet (no known example, no description) waits for a later run.
    /// </summary>
    public async Task<(List<NewMatch> Found, List<(long AlertId, int Version)> Backfilled)> BackfillAsync(DateTimeOffset since, CancellationToken ct)
    {
        var prepared = _prepared ??= await PrepareAsync(ct);
        var pending = Enumerable.Range(0, prepared.Alerts.Count).Where(i => prepared.Alerts[i].NeedsBackfill).ToList();
        if (pending.Count == 0) return ([], []);
        var recent = await papers.GetFirstSeenSinceAsync(since, int.MaxValue, ct);
        var found = new List<NewMatch>();
        foreach (var chunk in recent.Chunk(MatchingService.PageSize)) found.AddRange(await MatchAsync(prepared, pending, chunk, ct));
        return (found, [.. pending.Select(i => (prepared.Alerts[i].Id, prepared.Alerts[i].Version))]);
    }

    /// <param name="rows">The alerts to match (indexes into the prepared ones); null: all of them.</param>
    private async Task<List<NewMatch>> MatchAsync(PreparedAlerts prepared, IReadOnlyList<int>? rows, IReadOnlyList<Paper> page, CancellationToken ct)
    {
        var vectors = await embedder.EnsureAsync(page, ct);
        var matrix = rows is null ? prepared.Matrix : prepared.Matrix.Select(rows);
        var paperVectors = page.Select(p => vectors[p.Id]).ToList();
        var matchable = new MatchablePaper?[page.Count];
        var found = new List<NewMatch>();
        foreach (var pair in matrix.Match(paperVectors))
        {
            var alert = prepared.Alerts[rows is null ? pair.Row : rows[pair.Row]];
            var paper = page[pair.Column];
            if (alert.MinUpvotes is { } min && (paper.Upvotes ?? 0) < min) continue;
            if (alert.Examples.Contains(paper.Id)) continue;
            if (alert.Filter is { } filter && QueryEvaluator.Evaluate(filter, matchable[pair.Column] ??= MatchablePaper.From(paper)) is null) continue;
            var reason = alert.Reason(paperVectors[pair.Column]);
            found.Add(new NewMatch(alert.Id, alert.SubscriberId, paper.Id, pair.Similarity, pair.Similarity, [new TermHit(reason, MatchFields.None)]));
        }
        return found;
    }

    private async Task<PreparedAlerts> PrepareAsync(CancellationToken ct)
    {
        var stamp = $"{alerts.Model}|{await store.GetActiveAlertsStampAsync(ct)}";
        return await _cache.GetAsync(stamp, async held =>
        {
            // An alert that had nothing to be made from may have now (an example paper arrived): then build afresh.
            foreach (var alert in held.Waiting)
                if (await EmbedAlertAsync(alert, ct) is not null) return false;
            return true;
        }, () => BuildAsync(ct), ct);
    }

    private async Task<PreparedAlerts> BuildAsync(CancellationToken ct)
    {
        var ready = new List<PreparedAlert>();
        var vectors = new List<byte[]>();
        var waiting = new List<SemanticAlert>();
        foreach (var alert in await store.GetActiveAlertsAsync(ct))
        {
            var embedding = alert.Embedding is { } e && e.Version == alert.Version && e.Model == alerts.Model ? e : await EmbedAlertAsync(alert, ct);
            if (embedding is null)
            {
                waiting.Add(alert);
                continue;
            }
            ParsedQuery? filter = null;
            if (alert.Filter.Length > 0)
            {
                filter = QueryParser.Parse(alert.Filter).Query;
                if (filter is null) { LogUnparsable(alert.Id); continue; }
            }
            ready.Add(new PreparedAlert(alert, filter, embedding.Parts));
            vectors.Add(embedding.Vector);
        }
        var matrix = new SimilarityMatrix(alerts.Dimensions, ready.Count, (i, into) =>
        {
            CompactVector.Decode(vectors[i], into);
            CompactVector.NormalizeInPlace(into);
        }, [.. ready.Select(a => a.Threshold)]);
        return new PreparedAlerts(ready, matrix, waiting);
    }

    /// <summary>Works out and stores the alert's vector; null when it has nothing to be made from yet.</summary>
    private async Task<AlertEmbedding?> EmbedAlertAsync(SemanticAlert alert, CancellationToken ct)
    {
        if (await alerts.EmbedAsync(alert.Spec, ct) is not { } vector) return null;
        var embedding = new AlertEmbedding(alert.Version, alerts.Model, CompactVector.Encode(vector.Combined),
            [.. vector.Parts.Select(p => new AlertPart(p.Reason, CompactVector.Encode(p.Vector)))]);
        await store.SaveAlertEmbeddingAsync(alert.Id, embedding, ct);
        return embedding;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Similar-papers alert {AlertId}: its keyword filter no longer parses; skipped")]
    private partial void LogUnparsable(long alertId);

}
