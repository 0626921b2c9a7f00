using System.Diagnostics;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Matching;
using PaperMail.Store.Shared;

namespace PaperMail.Benchmarks;

/// <summary>
/// The corpus embedded by the real model, as the app stores it (int8 + scale). Embedding 9,577 papers takes many
/// minutes on two cores, so the vectors are kept between benchmark runs: in the temp folder, keyed by model and text,
/// or in the SQLite file the <c>semantic-backfill</c> benchmark filled.
/// </summary>
internal static class SemanticCorpus
{
    /// <summary>
    /// The corpus papers that have a current vector in the SQLite store the <c>semantic-backfill</c> benchmark filled
    /// (a vector counts only if it was made from the paper's present text), with those vectors as matching reads them.
    /// </summary>
    public static (List<Paper> Papers, Dictionary<string, float[]> Vectors) LoadFromStore(string dbPath, string model)
    {
        var all = MatchingTestData.LoadCorpus(int.MaxValue);
        var db = new SqliteDatabase($"Data Source={Path.GetFullPath(dbPath)}", Path.GetDirectoryName(Path.GetFullPath(dbPath))!);
        var stored = new SemanticStore(db).GetEmbeddingsAsync(model, [.. all.Select(p => p.Id)]).GetAwaiter().GetResult();
        var papers = new List<Paper>();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var p in all)
        {
            if (!stored.TryGetValue(p.Id, out var e) || e.TextHash != EmbeddingText.Hash(EmbeddingText.For(p))) continue;
            papers.Add(p);
            vectors[p.Id] = CompactVector.Normalize(CompactVector.Decode(e.Vector));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (papers, vectors);
    }

    public static (List<Paper> Papers, Dictionary<string, float[]> Vectors) Load(ITextEmbedder embedder, int batchSize, int count = int.MaxValue) =>
        Embed(MatchingTestData.LoadCorpus(count), embedder, batchSize, "corpus");

    /// <summary>Vectors of <paramref name="papers"/> as stored (int8 + scale), from the cache named <paramref name="cache"/> or the model.</summary>
    public static (List<Paper> Papers, Dictionary<string, float[]> Vectors) Embed(List<Paper> papers, ITextEmbedder embedder, int batchSize, string cache)
    {
        var cachePath = Path.Combine(Path.GetTempPath(), cache == "corpus" ? $"papermail-semantic-{embedder.Model}.tsv" : $"papermail-semantic-{cache}-{embedder.Model}.tsv");
        var cached = new Dictionary<string, (string Hash, byte[] Vector)>(StringComparer.Ordinal);
        if (File.Exists(cachePath))
        {
            foreach (var line in File.ReadLines(cachePath))
            {
                var parts = line.Split('\t');
                if (parts.Length == 3) cached[parts[0]] = (parts[1], Convert.FromBase64String(parts[2]));
            }
        }
        var missing = papers.Where(p => !cached.TryGetValue(p.Id, out var c) || c.Hash != EmbeddingText.Hash(EmbeddingText.For(p))).ToList();
        if (missing.Count > 0)
        {
            Console.WriteLine($"embedding {missing.Count} papers (cache: {cachePath})");
            var started = Stopwatch.StartNew();
            using var writer = File.AppendText(cachePath);
            int done = 0;
            foreach (var batch in missing.Chunk(batchSize))
            {
                var texts = batch.Select(EmbeddingText.For).ToList();
                var vectors = embedder.Embed(texts, CancellationToken.None);
                for (int i = 0; i < batch.Length; i++)
                {
                    var compact = CompactVector.Encode(vectors[i]);
                    cached[batch[i].Id] = (EmbeddingText.Hash(texts[i]), compact);
                    writer.WriteLine($"{batch[i].Id}\t{EmbeddingText.Hash(texts[i])}\t{Convert.ToBase64String(compact)}");
                }
                writer.Flush();
                done += batch.Length;
                if (done % 128 < batchSize) Console.WriteLine($"  {done}/{missing.Count} ({done / started.Elapsed.TotalSeconds:F1} papers/s)");
            }
            Console.WriteLine($"embedded {missing.Count} papers in {started.Elapsed.TotalSeconds:F0} s ({missing.Count / started.Elapsed.TotalSeconds:F1} papers/s)");
        }
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var p in papers) result[p.Id] = CompactVector.Normalize(CompactVector.Decode(cached[p.Id].Vector));
        return (papers, result);
    }
}
