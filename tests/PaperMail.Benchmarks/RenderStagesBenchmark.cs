using System.Diagnostics;
using System.Globalization;
using System.Net;
using MimeKit;
using PaperMail.Templates.Digest;
using PaperMail.Web.Digests;
using PaperMail.Web.Email;

namespace PaperMail.Benchmarks;

public static class RenderStagesBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        await using var digests = await RenderedDigests.CreateAsync(count);
        if (args.Contains("alloc"))
        {
            var model = digests.ModelFor(digests.Envelopes[0]);
            var parameters = new Dictionary<string, object?> { ["Model"] = model };
            for (var round = 0; round < 3; round++)
            {
                long Measure(Func<Task> action) { var b = GC.GetTotalAllocatedBytes(true); action().GetAwaiter().GetResult(); return GC.GetTotalAllocatedBytes(true) - b; }
                var htmlNull = Measure(() => digests.Renderer.RenderToAsync([new(typeof(DigestEmail), parameters, TextWriter.Null)]));
                var textNull = Measure(() => digests.Renderer.RenderToAsync([new(typeof(DigestEmailText), parameters, TextWriter.Null)]));
                var both = Measure(() => digests.Renderer.RenderToAsync([new(typeof(DigestEmail), parameters, TextWriter.Null), new(typeof(DigestEmailText), parameters, TextWriter.Null)]));
                var build = Measure(async () => (await digests.BuildAsync(digests.Envelopes[0], CancellationToken.None)).Dispose());
                Console.WriteLine($"alloc: html->null {htmlNull:N0}  text->null {textNull:N0}  both->null {both:N0}  build {build:N0}");
            }
            return;
        }
        if (args.Contains("qp"))
        {
            var htmls = new List<string>();
            foreach (var envelope in digests.Envelopes.Take(200)) htmls.Add((await DigestMailer.RenderAsync(digests.Renderer, digests.ModelFor(envelope))).Html);
            for (var round = 0; round < 8; round++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                long chars = 0;
                for (var rep = 0; rep < 20; rep++)
                    foreach (var h in htmls) { using var qp = new QuotedPrintableWriter(h.Length); qp.Write(h); qp.ToStream().Dispose(); chars += h.Length; }
                var ours = watch.Elapsed;
                watch.Restart();
                for (var rep = 0; rep < 20; rep++)
                    foreach (var h in htmls)
                    {
                        var bytes = System.Text.Encoding.UTF8.GetBytes(h);
                        var enc = new MimeKit.Encodings.QuotedPrintableEncoder();
                        var outb = new byte[enc.EstimateOutputLength(bytes.Length)];
                        enc.Flush(bytes, 0, bytes.Length, outb);
                    }
                var mimekit = watch.Elapsed;
                watch.Restart();
                var sink = 0;
                for (var rep = 0; rep < 20; rep++)
                    foreach (var h in htmls) sink += System.Text.Encoding.UTF8.GetBytes(h).Length;
                Console.Write($"utf8 {watch.Elapsed.TotalMicroseconds / 4000:F1} us  ");
                Console.WriteLine($"QP: {ours.TotalNanoseconds / chars:F2} ns/char, {ours.TotalMicroseconds / 4000:F1} us per html; MimeKit {mimekit.TotalMicroseconds / 4000:F1} us; ratio {mimekit / ours:F2}");
            }
            return;
        }
        if (args.Contains("build-only"))
        {
            for (var round = 0; round < 25; round++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                foreach (var envelope in digests.Envelopes) (await digests.BuildAsync(envelope, CancellationToken.None)).Dispose();
                Console.WriteLine($"build {watch.Elapsed.TotalMilliseconds / count:F3} ms, {(GC.GetTotalAllocatedBytes(precise: true) - before) / count:N0} bytes allocated per digest; gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}");
            }
            return;
        }
        for (var round = 0; round < 4; round++)
        {
            var html = TimeSpan.Zero; var text = TimeSpan.Zero; var mime = TimeSpan.Zero; var write = TimeSpan.Zero;
            foreach (var envelope in digests.Envelopes)
            {
                var model = digests.ModelFor(envelope);
                var w = Stopwatch.StartNew();
                var (h, t) = await DigestMailer.RenderAsync(digests.Renderer, model);
                text += w.Elapsed; w.Restart();
                var m = await digests.BuildAsync(envelope, CancellationToken.None);
                mime += w.Elapsed; w.Restart();
                m.WriteTo(FormatOptions.Default, Stream.Null);
                write += w.Elapsed; w.Restart();
                using (var qp = new QuotedPrintableWriter(h.Length)) { qp.Write(h); qp.ToStream(); }
                html += w.Elapsed;
            }
            Console.WriteLine($"per digest: render to strings {Ms(text)}  build message {Ms(mime)}  write {Ms(write)}  QP of html string {Ms(html)}");
            string Ms(TimeSpan t) => (t.TotalMilliseconds / count).ToString("F3", CultureInfo.InvariantCulture);
        }
    }
}
