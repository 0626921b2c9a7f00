using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Subscriptions;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;
using PaperMail.Web.Digests;

namespace PaperMail.Benchmarks;

/// <summary>
/// Where the digest job's CPU goes: the world of <c>-- digest-job</c> (N subscribers, two broad alerts each, a real
/// match run), then each stage of the job run alone, one after the other on one thread, over every digest, with the
/// process CPU time each took: plan, claim, read items, compose, mint links, render, record. Sending is timed by
/// <c>-- delivery</c>. Warm-up passes over other subscribers run first, until the JIT takes little of one.
/// </summary>
public static class DigestStagesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PAPERMAIL_WEB", Path.Combine(RepoPaths.RepositoryRoot, "src", "PaperMail.Web"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new PaperMailApp()
            .With("PaperMail:Smtp:FromAddress", "alerts@papermail.bench")
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithServices(s => s.AddSingleton<TimeProvider>(clock));
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        var store = services.GetRequiredService<IDigestStore>();
        var composer = services.GetRequiredService<DigestComposer>();
        var renderer = services.GetRequiredService<IDigestRenderStage>();
        var period = 0;

        long[] served = [];
        async Task<Dictionary<string, double>> PassAsync(int first, int count)
        {
            var readers = await DigestReaders.AddAsync(db, first, count);
            await services.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
            var now = clock.GetUtcNow();
            var cpu = new Dictionary<string, double>();
            async Task<T> TimeAsync<T>(string stage, Func<Task<T>> work)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var result = await work();
                cpu[stage] = cpu.GetValueOrDefault(stage) + (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds;
                return result;
            }

            // Planning writes the items each digest covers (the job plans a slice of subscribers at a time as it claims).
            await TimeAsync("plan", () => store.PlanAsync($"p{++period}", null, now, CancellationToken.None));

            var items = 0;
            // Shared by the whole pass, as the compose stage shares it across a run.
            var highlights = new HighlightCache();
            while (true)
            {
                var claimed = await TimeAsync("claim", () => store.ClaimAsync(now, now - DigestService.ClaimTimeout, DigestService.BatchSize, "bench#1", CancellationToken.None));
                if (claimed.Count == 0) break;
                var read = await TimeAsync("items", () => store.GetItemsAsync([.. claimed.Select(d => d.Id)], CancellationToken.None));
                items += read.Values.Sum(v => v.Count);
                var contents = await TimeAsync("compose", () =>
                    Task.FromResult(claimed.Select(d => composer.Compose(read.GetValueOrDefault(d.Id) ?? [], highlights)).ToList()));
                var tokens = await TimeAsync("links", async () =>
                {
                    var minted = claimed.Select(_ => SubscriptionToken.Create()).ToArray();
                    await store.SetWebTokensAsync([.. claimed.Zip(minted, (d, t) => (d.Id, t.Hash))], CancellationToken.None);
                    return minted;
                });
                var ids = await TimeAsync("render", async () =>
                {
                    var messageIds = new List<(long, string)>();
                    for (var i = 0; i < claimed.Count; i++)
                    {
                        var link = "http://localhost/manage/" + tokens[i].Token;
                        var links = new DigestLinks(link, link, link, link + "#feed", MimeKit.Utils.MimeUtils.GenerateMessageId("papermail.bench"), null);
                        using var message = await renderer.RenderAsync(new DigestEnvelope(claimed[i], contents[i]), links, CancellationToken.None);
                        messageIds.Add((claimed[i].Id, links.MessageId));
                    }
                    return messageIds;
                });
                await TimeAsync("record", async () =>
                {
                    foreach (var group in ids.Chunk(GroupCommit<int>.MaxGroup)) await store.MarkSentAsync(group, now, CancellationToken.None);
                    return 0;
                });
            }
            cpu["items per digest"] = items / (double)count;
            // Only the last pass's readers stay subscribed (see DigestReaders).
            await DigestReaders.RetireAsync(db, served);
            served = readers;
            return cpu;
        }

        // Stage CPU is the process's, so the JIT compiling to the optimised tier in the background is counted in whichever
        // stage it falls: warm-up passes go on until it takes little of one (a warm server does not pay it).
        async Task<(Dictionary<string, double> Stages, double Total, TimeSpan Jit)> TimedPassAsync(int first)
        {
            var before = JitInfo.GetCompilationTime();
            var stages = await PassAsync(first, subscribers);
            return (stages, stages.Where(s => s.Key != "items per digest").Sum(s => s.Value), JitInfo.GetCompilationTime() - before);
        }

        for (var round = 1; round <= DigestJobBenchmark.MaxWarmUpRounds; round++)
        {
            var warm = await TimedPassAsync(round * subscribers);
            Console.WriteLine($"warm-up {round}: JIT time {warm.Jit.TotalMilliseconds:N0} ms = {warm.Jit.TotalMicroseconds / warm.Total:P0} of the pass's CPU time");
            if (warm.Jit.TotalMicroseconds / warm.Total < DigestJobBenchmark.WarmJitShare) break;
        }
        var (stages, total, jit) = await TimedPassAsync(0);
        Console.WriteLine($"digest stages, {subscribers:N0} digests, CPU per digest (one thread, stage by stage):");
        foreach (var (stage, us) in stages.Where(s => s.Key != "items per digest")) Console.WriteLine($"  {stage,-8} {us / subscribers,8:N0} us");
        Console.WriteLine($"  total    {total / subscribers,8:N0} us   ({stages["items per digest"]:N1} items read per digest)");
        Console.WriteLine($"  JIT time during the timed pass: {jit.TotalMilliseconds:N0} ms = {jit.TotalMicroseconds / total:P0} of its CPU time (see DigestJobBenchmark.WarmJitShare)");
        return 0;
    }
}
