using System.Diagnostics;
using System.Globalization;
using System.Text;
using MimeKit.Encodings;
using PaperMail.Web.Digests;
using PaperMail.Web.Mail;

namespace PaperMail.Benchmarks;

/// <summary>
/// <see cref="QuotedPrintableWriter"/> against MimeKit's encoder (UTF-8 bytes, then <see cref="QuotedPrintableEncoder"/>),
/// both on the HTML of real 20-paper digests, in the same run: the reason the writer exists.
/// </summary>
public static class QuotedPrintableBenchmark
{
    private const int Repeats = 20;

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        await using var digests = await RenderedDigests.CreateAsync(count);
        var htmls = new List<string>(count);
        foreach (var envelope in digests.Envelopes) htmls.Add(await DigestMailer.RenderHtmlAsync(digests.Renderer, digests.ModelFor(envelope)));
        Console.WriteLine($"{count} digest HTML bodies of {htmls.Average(h => h.Length):N0} chars, each encoded {Repeats} times per round");
        for (var round = 0; round < 6; round++)
        {
            var ours = Time(htmls, html =>
            {
                using var writer = new QuotedPrintableWriter(html.Length);
                writer.Write(html);
                writer.ToStream().Dispose();
            });
            var mimeKit = Time(htmls, html =>
            {
                var bytes = Encoding.UTF8.GetBytes(html);
                var encoder = new QuotedPrintableEncoder();
                var output = new byte[encoder.EstimateOutputLength(bytes.Length)];
                encoder.Flush(bytes, 0, bytes.Length, output);
            });
            var perBody = count * Repeats;
            Console.WriteLine(
                $"round {round + 1}: QuotedPrintableWriter {ours.TotalMicroseconds / perBody,6:F1} us   MimeKit {mimeKit.TotalMicroseconds / perBody,6:F1} us per body   ratio {mimeKit / ours:F2}x");
        }
    }

    private static TimeSpan Time(List<string> htmls, Action<string> encode)
    {
        var watch = Stopwatch.StartNew();
        for (var repeat = 0; repeat < Repeats; repeat++)
        {
            foreach (var html in htmls) encode(html);
        }

        return watch.Elapsed;
    }
}
