using PaperMail.Core.Matching.Index;
using Microsoft.Extensions.Logging;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Semantic;

/// <summary>
/// The similar-papers side of one match run: the same pages of new papers and the same back-fill window as keyword
/// alerts, matched by cosine similarity between each alert's vector and each paper's. A match carries its reason
/// ("close to your description" / "close to “title”": the alert part nearest the paper) as its one hit. One instance
/// serves one run; alert vectors are worked out once per alert version and stored.
/// </summary>
public sealed partial class SemanticMatcher(
    ISemanticStore store, PaperEmbedder embedder, SimilarAlertEmbedder alerts, IPaperStore papers, ILogger<SemanticMatcher> logger)
{
    private Prepared? _prepared;

    /// <summary>Matches of the ready similar-papers alerts in <paramref name="page"/>.</summary>
    public async Task<List<NewMatch>> MatchAsync(IReadOnlyList<Paper> page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        var prepared = _prepared ??= await PrepareAsync(ct);
        if (prepared.Alerts.Count == 0 || page.Count == 0) return [];
        return await MatchAsync(prepared, [.. Enumerable.Range(0, prepared.Alerts.Count)], page, ct);
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

    private async Task<List<NewMatch>> MatchAsync(Prepared prepared, IReadOnlyList<int> rows, IReadOnlyList<Paper> page, CancellationToken ct)
    {
        var vectors = await embedder.EnsureAsync(page, ct);
        var matrix = rows.Count == prepared.Alerts.Count ? prepared.Matrix
            : new SimilarityMatrix(alerts.Dimensions, [.. rows.Select(i => prepared.Vectors[i])], [.. rows.Select(i => (float)prepared.Alerts[i].Spec.Threshold)]);
        var paperVectors = page.Select(p => vectors[p.Id]).ToList();
        var matchable = new MatchablePaper?[page.Count];
        var found = new List<NewMatch>();
        foreach (var pair in matrix.Match(paperVectors))
        {
            int a = rows[pair.Row];
            var alert = prepared.Alerts[a];
            var paper = page[pair.Column];
            if (alert.MinUpvotes is { } min && (paper.Upvotes ?? 0) < min) continue;
            if (prepared.Examples[a].Contains(paper.Id)) continue;
            if (prepared.Filters[a] is { } filter && QueryEvaluator.Evaluate(filter, matchable[pair.Column] ??= MatchablePaper.From(paper)) is null) continue;
            var reason = SimilarAlertEmbedder.Reason(prepared.Parts[a], paperVectors[pair.Column]);
            found.Add(new NewMatch(alert.Id, alert.SubscriberId, paper.Id, pair.Similarity, pair.Similarity, [new TermHit(reason, MatchFields.None)]));
        }
        return found;
    }

    private async Task<Prepared> PrepareAsync(CancellationToken ct)
    {
        var prepared = new Prepared();
        foreach (var alert in await store.GetActiveAlertsAsync(ct))
        {
            var embedding = alert.Embedding is { } e && e.Version == alert.Version && e.Model == alerts.Model ? e : await EmbedAlertAsync(alert, ct);
            if (embedding is null) continue;
            ParsedQuery? filter = null;
            if (alert.Filter.Length > 0)
            {
                filter = QueryParser.Parse(alert.Filter).Query;
                if (filter is null) { LogUnparsable(alert.Id); continue; }
            }
            prepared.Alerts.Add(alert);
            prepared.Vectors.Add(CompactVector.Normalize(CompactVector.Decode(embedding.Vector)));
            prepared.Parts.Add([.. embedding.Parts.Select(p => (p.Reason, CompactVector.Normalize(CompactVector.Decode(p.Vector))))]);
            prepared.Filters.Add(filter);
            prepared.Examples.Add(alert.Spec.Examples.ToHashSet(StringComparer.Ordinal));
        }
        prepared.Matrix = new SimilarityMatrix(alerts.Dimensions, prepared.Vectors, [.. prepared.Alerts.Select(a => (float)a.Spec.Threshold)]);
        return prepared;
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

    private sealed class Prepared
    {
        public List<SemanticAlert> Alerts { get; } = [];
        public List<float[]> Vectors { get; } = [];
        public List<IReadOnlyList<(string Reason, float[] Vector)>> Parts { get; } = [];
        public List<ParsedQuery?> Filters { get; } = [];
        public List<HashSet<string>> Examples { get; } = [];
        public SimilarityMatrix Matrix { get; set; } = null!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Similar-papers alert {AlertId}: its keyword filter no longer parses; skipped")]
    private partial void LogUnparsable(long alertId);

}
