using PaperMail.Tests.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Web.Mail;
using PaperMail.Core.Digests;
using PaperMail.Tests.Digests;

namespace PaperMail.Benchmarks;

/// <summary>
/// Sends N messages through <see cref="SmtpDeliveryPool"/> to Postfix's smtp-sink, and in the same run times Postfix's
/// own smtp-source sending N messages of the same size to the same sink, at 1 and 4 connections, with the CPU each
/// side used per message. smtp-source is the floor-to-beat: a C client that only writes bytes.
/// Binaries: <c>PAPERMAIL_POSTFIX_SBIN</c> (default <c>/tmp/postfix/usr/sbin</c>, from
/// <c>apt-get download postfix &amp;&amp; dpkg -x postfix_*.deb /tmp/postfix</c>); their shared libraries are looked up
/// in <c>PAPERMAIL_POSTFIX_LIB</c> (default <c>../lib/postfix</c> next to the sbin folder). No mail server is started.
/// </summary>
public static class DeliveryBenchmark
{
    private const int Rounds = 5;

    /// <param name="args">[count] [digests|built] [connections...]: the connection counts to time (default 1 and 4).
    /// With "digests", every round builds N real 20-paper digests from the corpus with the production templates and
    /// MIME code and sends them through <see cref="DigestPipeline"/>, the path the digest job takes (render
    /// workers feeding the pool), timed from the first render to the last reply. With "built", the same digests are
    /// built before the clock starts, so only sending is timed. With neither, synthetic ~12 KB messages.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        int[] connectionCounts = [.. args.Skip(1).Where(a => a.All(char.IsAsciiDigit)).Select(a => int.Parse(a, CultureInfo.InvariantCulture))];
        if (connectionCounts.Length == 0) connectionCounts = [1, 4];
        var renderDigests = args.Contains("digests");
        var (sbin, lib) = PostfixBinaries();
        var sink = Path.Combine(sbin, "smtp-sink");
        var source = Path.Combine(sbin, "smtp-source");
        if (!File.Exists(sink) || !File.Exists(source))
        {
            Console.Error.WriteLine($"smtp-sink / smtp-source not found in {sbin}. Set PAPERMAIL_POSTFIX_SBIN, or run:");
            Console.Error.WriteLine("  apt-get update && apt-get download postfix && dpkg -x postfix_*.deb /tmp/postfix");
            return 2;
        }

        await using var rendered = renderDigests || args.Contains("built") ? await RenderedDigests.CreateAsync(count) : null;
        // Built once up front to size smtp-source's messages (and, without "digests", as the messages the pool sends:
        // with "built", real digests rendered before the clock starts, so only the sending is timed).
        var messages = rendered is null ? Enumerable.Range(0, count).Select(DigestSizedMessage).ToList() : await rendered.BuildAllAsync();
        var digests = renderDigests ? rendered : null;
        var size = (int)messages.Average(SerializedSize);
        if (digests is not null) Console.WriteLine($"mode: render {count} real digests (20 corpus papers each, production templates and MIME) on {DigestPipeline.DefaultRenderWorkers} render worker(s) while the pool sends them, timed together");
        var port = LocalPorts.Free();
        Console.WriteLine($"{count} messages of {size:N0} bytes (HTML + text, quoted-printable) to smtp-sink on 127.0.0.1:{port}; best of {Rounds} rounds");

        using var sinkProcess = StartSink(sink, lib, port);
        try
        {
            await LocalPorts.WaitUntilListeningAsync(port, "smtp-sink");
            await WarmUpAsync(port, messages, digests);
            foreach (var connections in connectionCounts)
            {
                var pool = TimeSpan.MaxValue;
                var baseline = TimeSpan.MaxValue;
                var sourceCpu = new CpuUse();
                var poolCpu = new CpuUse();
                for (var round = 0; round < Rounds; round++)
                {
                    var before = CpuUse.Sample(sinkProcess.Id);
                    baseline = Min(baseline, await RunSmtpSourceAsync(source, lib, port, connections, size, count));
                    var between = CpuUse.Sample(sinkProcess.Id);
                    pool = Min(pool, digests is null
                        ? await SendThroughPoolAsync(port, connections, messages)
                        : await RenderAndSendAsync(port, connections, digests));
                    sourceCpu += between - before;
                    poolCpu += CpuUse.Sample(sinkProcess.Id) - between;
                }

                var poolRate = count / pool.TotalSeconds;
                var sourceRate = count / baseline.TotalSeconds;
                Console.WriteLine(
                    $"{connections} connection(s): pool {poolRate,8:N0} msg/s   smtp-source {sourceRate,8:N0} msg/s   ratio {poolRate / sourceRate:F2}x   (load {LoadAverage()})");
                // Where the CPU went: the client (this process, or smtp-source) and the sink, per message, over all rounds.
                var messagesSent = (double)count * Rounds;
                Console.WriteLine(
                    $"    CPU per message: pool {poolCpu.Client / messagesSent * 1e6:F0} us + sink {poolCpu.Sink / messagesSent * 1e6:F0} us;   smtp-source {sourceCpu.Client / messagesSent * 1e6:F0} us + sink {sourceCpu.Sink / messagesSent * 1e6:F0} us;   pool allocated {AllocatedPerMessage:N0} bytes per message");
            }
        }
        finally
        {
            sinkProcess.Kill();
            await sinkProcess.WaitForExitAsync();
        }

        return 0;
    }

    /// <summary>
    /// Runs the timed path untimed for a few seconds first. With tiered PGO (on by default, as in the web host) the
    /// render path stays in instrumented, slower code for a few thousand digests: 300-digest rounds right after
    /// start-up measured the JIT (~550 digests/s), not the steady state a long-running host reaches (~900).
    /// </summary>
    private static async Task WarmUpAsync(int port, IReadOnlyList<MimeMessage> messages, RenderedDigests? digests)
    {
        var warming = Stopwatch.StartNew();
        do
        {
            if (digests is null) await SendThroughPoolAsync(port, 4, messages);
            else await RenderAndSendAsync(port, 4, digests);
        }
        while (warming.Elapsed < WarmUp);
    }

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    private static Task<TimeSpan> SendThroughPoolAsync(int port, int connections, IReadOnlyList<MimeMessage> messages) =>
        TimeWithPoolAsync(port, connections, pool => pool.SendBatchAsync(messages));

    /// <summary>The digest job's path: <see cref="DigestPipeline"/> renders on its default workers and feeds the pool (the store's stages scripted).</summary>
    private static Task<TimeSpan> RenderAndSendAsync(int port, int connections, RenderedDigests digests) =>
        TimeWithPoolAsync(port, connections, async pool =>
        {
            var results = new ConcurrentQueue<DeliveryResult>();
            var stages = new ScriptedStages(ScriptedStages.OneBatch(digests.Envelopes))
            {
                Build = digests.StartRun(),
                OnResult = sent =>
                {
                    results.Enqueue(sent.Result);
                    return Task.CompletedTask;
                },
            };
            await DigestPipeline.RunAsync(stages.Through(pool), NullLogger.Instance, DigestPipeline.DefaultRenderWorkers, CancellationToken.None);
            return results.ToList();
        });

    private static long AllocatedPerMessage;

    private static async Task<TimeSpan> TimeWithPoolAsync(int port, int connections, Func<SmtpDeliveryPool, Task<IReadOnlyList<DeliveryResult>>> send)
    {
        var options = new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = SmtpSecurity.None,
            MaxConnections = connections,
            LocalDomain = "papermail.bench",
        };
        var pool = new SmtpDeliveryPool(Options.Create(options), NullLogger<SmtpDeliveryPool>.Instance);
        await using (pool)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var watch = Stopwatch.StartNew();
            var results = await send(pool);
            watch.Stop();
            AllocatedPerMessage = (GC.GetTotalAllocatedBytes(precise: false) - allocated) / Math.Max(1, results.Count);
            var failed = results.FirstOrDefault(r => r.Outcome != DeliveryOutcome.Delivered);
            if (failed is not null)
            {
                throw new InvalidOperationException($"pool delivery failed: {failed}");
            }

            return watch.Elapsed;
        }
    }

    /// <summary>Where smtp-sink and smtp-source are, and the folder of their shared libraries (see the class summary).</summary>
    internal static (string Sbin, string Lib) PostfixBinaries()
    {
        var sbin = Environment.GetEnvironmentVariable("PAPERMAIL_POSTFIX_SBIN") ?? "/tmp/postfix/usr/sbin";
        return (sbin, Environment.GetEnvironmentVariable("PAPERMAIL_POSTFIX_LIB") ?? Path.GetFullPath(Path.Combine(sbin, "../lib/postfix")));
    }

    internal static async Task<TimeSpan> RunSmtpSourceAsync(string source, string lib, int port, int connections, int size, int count)
    {
        var start = new ProcessStartInfo(source)
        {
            ArgumentList = { "-d", "-s", connections.ToString(CultureInfo.InvariantCulture), "-l", size.ToString(CultureInfo.InvariantCulture), "-m", count.ToString(CultureInfo.InvariantCulture), "-f", "digest@papermail.bench", "-t", "reader@example.org", $"127.0.0.1:{port}" },
            RedirectStandardError = true,
            Environment = { ["LD_LIBRARY_PATH"] = lib },
        };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"smtp-source failed ({process.ExitCode}): {errors}");
        }

        return watch.Elapsed;
    }

    internal static Process StartSink(string sink, string lib, int port)
    {
        // -u is required when running as root; smtp-sink drops to that user after binding.
        var start = new ProcessStartInfo(sink)
        {
            ArgumentList = { "-u", "nobody", $"127.0.0.1:{port}", "1024" },
            Environment = { ["LD_LIBRARY_PATH"] = lib },
        };
        return Process.Start(start) ?? throw new InvalidOperationException("could not start smtp-sink");
    }

    /// <summary>A digest's shape (~12 KB): 16 papers, each with title, authors, organisation and an excerpt, in HTML and text.</summary>
    private static MimeMessage DigestSizedMessage(int index)
    {
        var html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\"><h1>12 new papers for your alerts</h1>");
        var text = new StringBuilder("12 new papers for your alerts\n\n");
        for (var paper = 1; paper <= 16; paper++)
        {
            var title = $"Paper {paper}: Scaling sparse retrieval with learned term weights — résumé {index}";
            var excerpt = "We study how learned sparse representations behave as collections grow, and show that a simple "
                + "re-weighting keeps recall steady while halving index size across six benchmarks.";
            html.Append(CultureInfo.InvariantCulture, $"<h2 style=\"margin:16px 0 4px\"><a href=\"https://arxiv.org/abs/2501.{10000 + paper}\">{title}</a></h2>")
                .Append("<p style=\"color:#555\">A. Author, B. Author, C. Author et al. · Example Lab · 42 upvotes</p>")
                .Append(CultureInfo.InvariantCulture, $"<p>{excerpt}</p>");
            text.Append(CultureInfo.InvariantCulture, $"{paper}. {title}\n   https://arxiv.org/abs/2501.{10000 + paper}\n   {excerpt}\n\n");
        }

        html.Append("</body></html>");
        // The production MIME shape (parts already in quoted-printable), as every PaperMail email is built.
        return EmailMime.Create(Sender, $"reader{index}@example.org", "12 new papers: sparse retrieval, LLM agents", html.ToString(), text.ToString(), DateTimeOffset.UtcNow);
    }

    private static readonly SmtpOptions Sender = new() { FromAddress = "digest@papermail.bench", FromName = "PaperMail" };

    private static int SerializedSize(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return (int)stream.Length;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// CPU seconds used by the client side (this process, plus children it has reaped: smtp-source) and by the sink,
    /// from /proc (10 ms ticks; a round uses hundreds of them).
    /// </summary>
    internal readonly record struct CpuUse(double Client, double Sink)
    {
        public static CpuUse Sample(int sinkId)
        {
            var self = Ticks("/proc/self/stat", children: true);
            return new CpuUse(self, Ticks($"/proc/{sinkId}/stat", children: false));
        }

        public static CpuUse operator +(CpuUse a, CpuUse b) => new(a.Client + b.Client, a.Sink + b.Sink);

        public static CpuUse operator -(CpuUse a, CpuUse b) => new(a.Client - b.Client, a.Sink - b.Sink);

        /// <summary>utime + stime (+ cutime + cstime) in seconds; fields 14–17 of stat, counted after the ")" of the name.</summary>
        private static double Ticks(string stat, bool children)
        {
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var used = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (children) used += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return used / 100.0;
        }
    }
}
