using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Templates;
using PaperMail.Templates.Digest;
using PaperMail.Web.Digests;
using PaperMail.Web.Mail;
using PaperMail.Tests.Support;

namespace PaperMail.Benchmarks;

/// <summary>
/// The whole digest job, as production runs it: N subscribers with two broad alerts each over the demo papers, a real
/// match run, then <see cref="DigestService.RunAsync"/> (claim, compose, mint links, render, send, record) against
/// Postfix's smtp-sink; in the same run, smtp-source sends N messages of the same size over the same number of
/// connections. Where <c>-- delivery</c> times the send pipeline alone, this shows what the job around it costs.
/// </summary>
/// <remarks>
/// Every digest can be sent once only, so each round has its own subscribers. Warm-up rounds of W subscribers run first
/// and are reported on their own: a fresh process spends seconds compiling hot code to its optimised tier, which a
/// long-running server pays once, not every 15 minutes. One round was not enough: the JIT was still busy through the
/// timed round. So warm-up rounds go on until the JIT takes little of one (at most <see cref="MaxWarmUpRounds"/>), and
/// the timed round reports what the JIT took of it. Then the timed round of N. Setup (ingest, subscribers, matching)
/// is not timed.
/// </remarks>
public static class DigestJobBenchmark
{
    internal const int MaxWarmUpRounds = 5;

    /// <summary>
    /// A warm-up round whose JIT time is below this share of the job's CPU time leaves the process warm. The JIT time is
    /// the runtime's own count (<see cref="JitInfo.GetCompilationTime"/>): the wall time of each compilation, waits for
    /// a core included, so it overstates the JIT's CPU on a busy machine and the rule errs on the side of warming more.
    /// </summary>
    internal const double WarmJitShare = 0.03;

    public static async Task<int> RunAsync(string[] args)
    {
        var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var (sbin, lib) = DeliveryBenchmark.PostfixBinaries();
        if (!File.Exists(Path.Combine(sbin, "smtp-sink")))
        {
            Console.Error.WriteLine($"smtp-sink not found in {sbin}: see `-- delivery`.");
            return 2;
        }

        var port = LocalPorts.Free();
        using var sink = DeliveryBenchmark.StartSink(Path.Combine(sbin, "smtp-sink"), lib, port);
        try
        {
            await LocalPorts.WaitUntilListeningAsync(port, "smtp-sink");
            // The test host finds the web project from a manifest in the working directory, which a benchmark run from
            // the repository root lacks; this setting names it instead.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PAPERMAIL_WEB", Path.Combine(RepoPaths.RepositoryRoot, "src", "PaperMail.Web"));
            // A Monday after the send hour: daily and weekly digests are both due.
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
            await using var app = new PaperMailApp()
                .With("PaperMail:Smtp:Host", "127.0.0.1")
                .With("PaperMail:Smtp:Port", port.ToString(CultureInfo.InvariantCulture))
                .With("PaperMail:Smtp:Security", "None")
                .With("PaperMail:Smtp:FromAddress", "alerts@papermail.bench")
                .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
                .WithServices(s => s.AddSingleton<TimeProvider>(clock));
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
            var db = app.Services.GetRequiredService<SqliteDatabase>();
            var jobCpu = default(DeliveryBenchmark.CpuUse);
            var jobJit = TimeSpan.Zero;
            long[] served = [];
            async Task<(DigestRun Run, TimeSpan Elapsed)> RoundAsync(int first, int count)
            {
                var readers = await DigestReaders.AddAsync(db, first, count);
                await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
                var cpu = DeliveryBenchmark.CpuUse.Sample(sink.Id);
                var jit = JitInfo.GetCompilationTime();
                var watch = Stopwatch.StartNew();
                var run = await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);
                watch.Stop();
                jobCpu = DeliveryBenchmark.CpuUse.Sample(sink.Id) - cpu;
                jobJit = JitInfo.GetCompilationTime() - jit;
                if (run.Sent != count) throw new InvalidOperationException($"expected {count} digests, the job reported {run}");
                // Only the last round's readers stay subscribed (see DigestReaders).
                await DigestReaders.RetireAsync(db, served);
                served = readers;
                return (run, watch.Elapsed);
            }

            double JitShare() => jobJit.TotalSeconds / jobCpu.Client;

            for (var round = 1; warmup > 0 && round <= MaxWarmUpRounds; round++)
            {
                var (_, cold) = await RoundAsync(subscribers + (round - 1) * warmup, warmup);
                Console.WriteLine($"warm-up {round}: {warmup:N0} digests in {cold.TotalSeconds:F2} s = {warmup / cold.TotalSeconds:N0}/s, JIT time {jobJit.TotalMilliseconds:N0} ms = {JitShare():P0} of the job's CPU time");
                if (JitShare() < WarmJitShare) break;
            }

            // smtp-source right before and twice right after the timed round, the best of three: one run of it alone
            // swings by a factor of two on this shared machine.
            var size = await SampleDigestSizeAsync(scope.ServiceProvider);
            var connections = new Web.Mail.SmtpOptions().MaxConnections;
            Task<TimeSpan> SmtpSourceAsync() => DeliveryBenchmark.RunSmtpSourceAsync(Path.Combine(sbin, "smtp-source"), lib, port, connections, size, subscribers);
            var before = await SmtpSourceAsync();
            var (_, elapsed) = await RoundAsync(0, subscribers);
            var cpuBefore = DeliveryBenchmark.CpuUse.Sample(sink.Id);
            var baseline = new[] { before, await SmtpSourceAsync(), await SmtpSourceAsync() }.Min();
            var sourceCpu = DeliveryBenchmark.CpuUse.Sample(sink.Id) - cpuBefore;
            var jobRate = subscribers / elapsed.TotalSeconds;
            var sourceRate = subscribers / baseline.TotalSeconds;
            // CPU per message is steadier than the rates on a shared machine: it does not count the time spent waiting for a core.
            Console.WriteLine($"    JIT time: {jobJit.TotalMilliseconds:N0} ms = {JitShare():P0} of the job's CPU time (compiling to the optimised tier; a warm server does not)");
            Console.WriteLine($"    CPU per message: job {jobCpu.Client / subscribers * 1e6:N0} us + sink {jobCpu.Sink / subscribers * 1e6:N0} us;   smtp-source {sourceCpu.Client / (2.0 * subscribers) * 1e6:N0} us + sink {sourceCpu.Sink / (2.0 * subscribers) * 1e6:N0} us");
            Console.WriteLine($"digest job: {subscribers:N0} digests (≈ {size:N0} bytes) in {elapsed.TotalSeconds:F2} s = {jobRate:N0}/s;   smtp-source, {connections} connections, same size: {sourceRate:N0} msg/s;   ratio {jobRate / sourceRate:F2}x   (load {DeliveryBenchmark.LoadAverage()})");
            return 0;
        }
        finally
        {
            sink.Kill();
            await sink.WaitForExitAsync();
        }
    }

    /// <summary>
    /// smtp-sink keeps nothing, so smtp-source's message size comes from the first digest built again by the production
    /// code (its links stand in at their real length).
    /// </summary>
    private static async Task<int> SampleDigestSizeAsync(IServiceProvider services)
    {
        var content = services.GetRequiredService<DigestComposer>().Compose(await services.GetRequiredService<IDigestStore>().GetItemsAsync(1));
        var link = "http://localhost/manage/" + new string('x', 43);
        var model = new DigestEmailModel(content, "reader0@example.org", "daily", link, link, link, link + ".atom", null);
        using var message = await DigestMailer.CreateMessageAsync(services.GetRequiredService<EmailTemplateRenderer>(), model,
            services.GetRequiredService<IOptions<SmtpOptions>>().Value, DateTimeOffset.UtcNow);
        using var measured = new MemoryStream();
        await message.WriteToAsync(new MimeKit.FormatOptions { NewLineFormat = MimeKit.NewLineFormat.Dos }, measured);
        return (int)measured.Length;
    }
}
