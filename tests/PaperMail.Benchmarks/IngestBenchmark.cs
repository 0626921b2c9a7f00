using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Core.Papers;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;

namespace PaperMail.Benchmarks;

/// <summary>
/// Ingests the 9,577-paper corpus into an empty store, then again (all no-ops). The baseline, measured in the same
/// run on the same machine, is the floor for this work: one prepared INSERT per paper in one transaction, no merge.
/// </summary>
public static class IngestBenchmark
{
    public static async Task RunAsync(string corpusPath)
    {
        var now = DateTimeOffset.UtcNow;
        for (var round = 1; round <= 3; round++)
        {
            var parseWatch = Stopwatch.StartNew();
            ParseResult parsed;
            await using (var stream = File.OpenRead(corpusPath))
            {
                parsed = await DocumentParser.ParseAsync(stream, Path.GetFileName(corpusPath), null, CancellationToken.None);
            }
            parseWatch.Stop();
            var papers = parsed.Papers;
            Console.WriteLine($"round {round}: corpus {papers.Count} papers, {parsed.Skipped.Count} skipped, parsed (gzip + JSON lines) in {parseWatch.Elapsed.TotalMilliseconds:F0} ms");
            var baseline = await OnFreshDatabaseAsync(db => TimedAsync(() => RawInsertAsync(db, papers)));
            var first = await OnFreshDatabaseAsync(db => TimedAsync(() => new PaperStore(db).UpsertAsync("corpus", papers, now)));
            var second = await OnFreshDatabaseAsync(async db =>
            {
                var store = new PaperStore(db);
                await store.UpsertAsync("corpus", papers, now);
                UpsertSummary? summary = null;
                var elapsed = await TimedAsync(async () => summary = await store.UpsertAsync("corpus", papers, now.AddHours(1)));
                if (summary!.New + summary.Changed + summary.Refreshed != 0) throw new InvalidOperationException("second run was not a no-op");
                return elapsed;
            });
            Console.WriteLine(
                $"  baseline raw insert {Rate(papers.Count, baseline)} papers/s ({baseline.TotalMilliseconds:F0} ms) | " +
                $"first ingest {Rate(papers.Count, first)} papers/s ({first.TotalMilliseconds:F0} ms, {first / baseline:F2}× baseline) | " +
                $"no-op re-ingest {Rate(papers.Count, second)} papers/s ({second.TotalMilliseconds:F0} ms, {second / baseline:F2}× baseline) | " +
                $"parse+first {(parseWatch.Elapsed + first).TotalSeconds:F2} s (goal < 2 s)");
        }
    }

    private static string Rate(int count, TimeSpan t) => (count / t.TotalSeconds).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<TimeSpan> TimedAsync(Func<Task> work)
    {
        var sw = Stopwatch.StartNew();
        await work();
        return sw.Elapsed;
    }

    /// <summary>Runs <paramref name="measure"/> against a freshly created and migrated database file.</summary>
    private static async Task<TimeSpan> OnFreshDatabaseAsync(Func<SqliteDatabase, Task<TimeSpan>> measure)
    {
        var folder = Path.Combine(Path.GetTempPath(), "papermail-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var db = new SqliteDatabase($"Data Source={Path.Combine(folder, "bench.db")}", folder);
            await SqliteMigrator.MigrateAsync(db);
            return await measure(db);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RawInsertAsync(SqliteDatabase db, IReadOnlyList<IncomingPaper> papers)
    {
        await using var connection = await db.OpenAsync();
        await using var tx = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT OR IGNORE INTO papers (id, title, abstract, first_seen_at, changed_at, change_seq) VALUES ($id, $t, $a, 0, 0, $s)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var title = insert.Parameters.Add("$t", SqliteType.Text);
        var summary = insert.Parameters.Add("$a", SqliteType.Text);
        var seq = insert.Parameters.Add("$s", SqliteType.Integer);
        for (var i = 0; i < papers.Count; i++)
        {
            id.Value = papers[i].Id;
            title.Value = papers[i].Title;
            summary.Value = papers[i].Abstract ?? "";
            seq.Value = i + 1;
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
