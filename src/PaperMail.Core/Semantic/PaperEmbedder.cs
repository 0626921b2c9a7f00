using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Semantic;

/// <summary>
/// Gives every paper a vector of its title and abstract, in batches: <see cref="EmbedPendingAsync"/> works through
/// whatever is missing or stale (the back-fill job, newest papers first; resumable, since each batch is stored as it
/// is done), <see cref="EnsureAsync"/> makes sure the papers the match job is about to match have theirs. A paper
/// whose text hash is unchanged keeps its vector without a model call.
/// </summary>
public sealed partial class PaperEmbedder(
    ISemanticStore store, ITextEmbedder model, IOptions<SemanticOptions> options, TimeProvider clock, ILogger<PaperEmbedder> logger)
{
    /// <summary>Progress is logged at most this often during a long back-fill.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    public string Model => model.Model;

    /// <summary>Embeds up to <paramref name="max"/> pending papers; returns how many were looked at.</summary>
    public async Task<int> EmbedPendingAsync(int max, CancellationToken ct)
    {
        int done = 0, embedded = 0;
        var started = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;
        while (done < max)
        {
            var pending = await store.GetPendingPapersAsync(model.Model, Math.Min(options.Value.BatchSize, max - done), ct);
            if (pending.Count == 0) break;
            embedded += await EmbedAsync(pending, ct);
            done += pending.Count;
            if (started.Elapsed - lastLog >= ProgressEvery)
            {
                lastLog = started.Elapsed;
                var (have, total) = await store.CountAsync(model.Model, ct);
                LogProgress(have, total, embedded / Math.Max(0.001, started.Elapsed.TotalSeconds));
            }
        }
        if (done > 0)
        {
            var (have, total) = await store.CountAsync(model.Model, ct);
            LogDone(done, embedded, have, total);
        }
        return done;
    }

    /// <summary>The current vector of each paper, embedding (and storing) those that have none or an outdated one.</summary>
    public async Task<IReadOnlyDictionary<string, float[]>> EnsureAsync(IReadOnlyList<Paper> papers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var stored = await store.GetEmbeddingsAsync(model.Model, [.. papers.Select(p => p.Id)], ct);
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<PendingPaper>();
        foreach (var paper in papers)
        {
            var hash = EmbeddingText.Hash(EmbeddingText.For(paper));
            if (stored.TryGetValue(paper.Id, out var e) && e.TextHash == hash) result[paper.Id] = CompactVector.Normalize(CompactVector.Decode(e.Vector));
            else missing.Add(new PendingPaper(paper.Id, paper.Title, paper.Abstract, paper.ChangeSeq, null));
        }
        foreach (var batch in missing.Chunk(options.Value.BatchSize))
        {
            var vectors = await EmbedBatchAsync(batch, ct);
            foreach (var (id, vector) in vectors) result[id] = vector;
        }
        return result;
    }

    /// <summary>Stores a vector for each pending paper; returns how many needed the model.</summary>
    private async Task<int> EmbedAsync(IReadOnlyList<PendingPaper> pending, CancellationToken ct)
    {
        var unchanged = new List<(string, long, string, byte[])>();
        var changed = new List<PendingPaper>();
        foreach (var p in pending)
        {
            if (p.StoredHash is { } h && h == EmbeddingText.Hash(EmbeddingText.For(p.Title, p.Abstract))) unchanged.Add((p.Id, p.ChangeSeq, h, []));
            else changed.Add(p);
        }
        if (unchanged.Count > 0)
        {
            // Only upvotes or authors moved: the stored vector stands; re-reading it keeps the save a plain upsert.
            var current = await store.GetEmbeddingsAsync(model.Model, [.. unchanged.Select(u => u.Item1)], ct);
            await store.SaveEmbeddingsAsync(model.Model, [.. unchanged.Where(u => current.ContainsKey(u.Item1)).Select(u => (u.Item1, u.Item2, u.Item3, current[u.Item1].Vector))], clock.GetUtcNow(), ct);
        }
        if (changed.Count > 0) await EmbedBatchAsync(changed, ct);
        return changed.Count;
    }

    private async Task<List<(string Id, float[] Vector)>> EmbedBatchAsync(IReadOnlyList<PendingPaper> batch, CancellationToken ct)
    {
        var texts = batch.Select(p => EmbeddingText.For(p.Title, p.Abstract)).ToList();
        // The model call is CPU-bound and synchronous; running it off the caller's thread keeps request threads free.
        var vectors = await Task.Run(() => model.Embed(texts, ct), ct);
        var rows = new List<(string, long, string, byte[])>(batch.Count);
        var result = new List<(string, float[])>(batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            var compact = CompactVector.Encode(vectors[i]);
            rows.Add((batch[i].Id, batch[i].ChangeSeq, EmbeddingText.Hash(texts[i]), compact));
            // Matching uses the stored (quantised) form, so a paper scores the same now as after a restart.
            result.Add((batch[i].Id, CompactVector.Normalize(CompactVector.Decode(compact))));
        }
        await store.SaveEmbeddingsAsync(model.Model, rows, clock.GetUtcNow(), ct);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding back-fill: {Embedded} of {Total} papers have a vector ({Rate:F1} papers/s)")]
    private partial void LogProgress(long embedded, long total, double rate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding: {Done} papers looked at, {Embedded} embedded; {Have} of {Total} papers have a vector")]
    private partial void LogDone(int done, int embedded, long have, long total);
}
