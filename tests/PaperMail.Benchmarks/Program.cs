namespace PaperMail.Benchmarks;

/// <summary>
/// An explicit class, not top-level statements: those would declare a global <c>Program</c>, and the in-process host
/// of the digest-job benchmark needs the web app's <c>Program</c>.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        // One benchmark per name; each reports its figures next to a baseline measured in the same run.
        switch (args.FirstOrDefault())
        {
            case "match":
                MatchBenchmark.Run(args.Skip(1).ToArray());
                break;
            case "alert-index":
                await AlertIndexBenchmark.RunAsync(args.Skip(1).ToArray());
                break;
            case "ingest":
                await IngestBenchmark.RunAsync(PaperMail.Tests.Support.RepoPaths.BenchmarkCorpus);
                break;
            case "qp":
                await QuotedPrintableBenchmark.RunAsync(args.Skip(1).ToArray());
                break;
            case "delivery": return await DeliveryBenchmark.RunAsync(args.Skip(1).ToArray());
            case "digest-job": return await DigestJobBenchmark.RunAsync(args.Skip(1).ToArray());
            case "digest-stages": return await DigestStagesBenchmark.RunAsync(args.Skip(1).ToArray());
            case "quota": return await QuotaBenchmark.RunAsync(args.Skip(1).ToArray());
            case "scale-out": return await ScaleOutBenchmark.RunAsync(args.Skip(1).ToArray());
            case "semantic-embed":
                SemanticBenchmark.Embed(args.Skip(1).ToArray());
                break;
            case "semantic-match":
                SemanticBenchmark.Match(args.Skip(1).ToArray());
                break;
            case "semantic-step":
                await SemanticBenchmark.StepAsync(args.Skip(1).ToArray());
                break;
            case "semantic-app":
                await SemanticBenchmark.AppAsync();
                break;
            case "semantic-backfill": return await SemanticBackfill.RunAsync(args.Skip(1).ToArray());
            case "semantic-eval":
                SemanticEvaluation.Run(args.Skip(1).ToArray());
                break;
            case "browse":
                await BrowseBenchmark.RunAsync(args.Skip(1).ToArray());
                break;
            default:
                Console.WriteLine("usage: dotnet run -c Release --project tests/PaperMail.Benchmarks -- <name>");
                Console.WriteLine("  match        percolator: corpus-derived alerts x 1,000 papers, vs brute force");
                Console.WriteLine("  alert-index  the match job's kept index: a few alert changes applied vs a build from scratch");
                Console.WriteLine("  ingest       the 9,577-paper corpus into an empty store, then again (no-ops), vs raw inserts");
                Console.WriteLine("  delivery     [N] [digests|built] [connections...]  N messages through the SMTP pool to smtp-sink, vs smtp-source");
                Console.WriteLine("  digest-job   [N] [W]  the whole digest job (store, compose, links, render, send) to smtp-sink, vs smtp-source, after warm-up rounds of W until the JIT is done");
                Console.WriteLine("  digest-stages [N]  the digest job's CPU per digest, stage by stage (plan, claim, items, compose, links, render, record)");
                Console.WriteLine("  quota        [N] [per-second]  MaxMessagesPerSecond / MaxMessagesPerHour across the pool, vs no quota");
                Console.WriteLine("  browse       [N]  /papers (day, week, search) and /papers/{id} over the whole corpus, vs a bare SELECT of the rows");
                Console.WriteLine("  scale-out    [N] [items]  match and digest job on PostgreSQL vs SQLite (and each one's digest item read), 2 nodes vs 1 on PostgreSQL, the claim protocol per digest; items: the first two only");
                Console.WriteLine("  semantic-embed [N]  model load, papers/s batched vs one per call, corpus back-fill time, peak working set");
                Console.WriteLine("  semantic-match [alerts] [papers] [runs]  1,000 papers x 100,000 alert vectors: the matrix kernel vs a naive loop; GMAC/s; memory");
                Console.WriteLine("  semantic-backfill <db-path> [per-round]  the corpus embedded through PaperEmbedder into a SQLite store (resumable)");
                Console.WriteLine("  semantic-app  the app's peak working set with the model loaded, after embedding and matching the demo papers");
                Console.WriteLine("  semantic-step [alerts] [papers]  the match job's whole semantic step over SQLite: first run vs runs with the alert matrix kept");
                Console.WriteLine("  semantic-eval [--vectors <db-path>] [N]  recall@20 / precision@20 of similar-papers vs keyword alerts, share caught by threshold (on the back-filled store, or the first N corpus papers)");
                Console.WriteLine("  qp           [N]  quoted-printable: our writer vs MimeKit's encoder on real digest HTML");
                return 1;
        }

        return 0;
    }
}
