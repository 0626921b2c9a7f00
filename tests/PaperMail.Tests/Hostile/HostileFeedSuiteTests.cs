using System.IO.Compression;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperMail.Tests.Ingestion;
using PaperMail.Tests.Support;
using Xunit.Abstractions;

namespace PaperMail.Tests.Hostile;

/// <summary>
/// Generated hostile documents (JSON arrays and lines, Atom, cut short, random bytes, gzipped) served by the local
/// fixture server and ingested through the real path. Every run must finish and be recorded, no source may fail with an
/// unexpected exception, and the pages and feeds over what was stored must answer below 500.
/// </summary>
[Collection(nameof(AppCollection))]
public class HostileFeedSuiteTests(ITestOutputHelper output)
{
    private const int Documents = 600;

    private static readonly Gen<object?> JsonValue = Gen.Frequency<object?>(
        (6, HostileInputs.Text.Select(t => (object?)t)),
        (1, Gen.Int.Select(i => (object?)i)),
        // Gen.Int alone almost never gives the ends of the range (int.MaxValue upvotes once broke the preview's score).
        (1, Gen.OneOf(int.MinValue, -1, 0, int.MaxValue).Select(i => (object?)i)),
        (1, Gen.Const<object?>(() => null)),
        (1, Gen.Bool.Select(b => (object?)b)),
        (1, HostileInputs.Text.Array[0, 4].Select(a => (object?)a)));

    private static readonly Gen<string> ArxivIds = Gen.Frequency(
        (3, Gen.Int[0, 99_999].Select(i => $"2612.{i:D5}")),
        (1, HostileInputs.Text));

    private static readonly Gen<Dictionary<string, object?>> HfEntry =
        Gen.Select(ArxivIds, JsonValue, JsonValue, JsonValue, JsonValue, JsonValue, JsonValue, Gen.Int[0, 3],
            (id, title, summary, author, repo, page, upvotes, shape) => shape == 3
                ? new Dictionary<string, object?> { ["garbage"] = title }
                : new Dictionary<string, object?>
                {
                    ["paper"] = new Dictionary<string, object?>
                    {
                        ["id"] = id, ["title"] = title, ["summary"] = summary, ["authors"] = new[] { new Dictionary<string, object?> { ["name"] = author } },
                        ["githubRepo"] = repo, ["projectPage"] = page, ["upvotes"] = shape == 0 ? upvotes : 3,
                    },
                    ["publishedAt"] = shape == 1 ? summary : "2026-11-01T10:00:00.000Z",
                });

    private static readonly Gen<string> AtomDocument =
        Gen.Select(ArxivIds, HostileInputs.Text, HostileInputs.Text, HostileInputs.Text, Gen.Bool, (id, title, summary, author, escape) =>
        {
            string X(string s) => escape ? SecurityElement.Escape(s) : s;
            return $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
                <entry><id>http://arxiv.org/abs/{X(id)}v1</id><published>2026-11-01T10:00:00Z</published><updated>2026-11-01T10:00:00Z</updated>
                <title>{X(title)}</title><summary>{X(summary)}</summary><author><name>{X(author)}</name></author>
                <link href="{X(summary)}" rel="related" title="pdf"/><arxiv:primary_category term="{X(author)}"/></entry>
                </feed>
                """;
        });

    private static readonly Gen<byte[]> Document = Gen.Select(
        Gen.Frequency(
            (3, HfEntry.Array[1, 5].Select(entries => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entries)))),
            (3, HfEntry.Array[1, 5].Select(entries => Encoding.UTF8.GetBytes(string.Join("\n", entries.Select(e => JsonSerializer.Serialize(e)))))),
            (3, AtomDocument.Select(Encoding.UTF8.GetBytes)),
            (1, Gen.Byte.Array[0, 2_000])),
        Gen.Int[0, 9], Gen.Double[0, 1],
        (bytes, transform, cut) => transform switch
        {
            0 => bytes[..(int)(bytes.Length * cut)],
            1 => Gzip(bytes),
            2 => CutGzip(bytes, cut),
            _ => bytes,
        });

    [Fact]
    public async Task IngestSurvivesGeneratedHostileDocuments()
    {
        var logs = new CapturedLogs();
        await using var bed = await IngestionTestBed.StartAsync((app, server) => app
            .WithSource(0, "hostile", "ArxivRss", server.Url("bytes/doc").ToString())
            .With("PaperMail:RateLimits:PageViews", "100000")
            .WithServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        int runs = 0, stored = 0, skipped = 0, failedDocuments = 0;

        await Document.SampleAsync(async document =>
        {
            bed.Server.BinaryBodies["doc"] = document;
            var run = Assert.Single(await bed.IngestAsync());
            Assert.NotNull(run.FinishedAt);
            runs++;
            stored += run.New;
            skipped += run.Skipped;
            if (run.Error is not null) failedDocuments++;
        }, iter: Documents, threads: 1);

        // A source that failed with an exception nobody foresaw logs "Source … failed" at Error.
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
        var client = bed.App.CreateClient();
        foreach (var q in new[] { "multilingual", "retrieval", "a", "script", "title:x", "author:a" })
        {
            foreach (var path in new[] { "/?q=", "/api/preview?q=" })
            {
                using var response = await client.GetAsync(path + Uri.EscapeDataString(q));
                var body = await response.Content.ReadAsStringAsync();
                // Say what answered and how, so that a rare generated paper that breaks a page can be found again.
                Assert.True((int)response.StatusCode < 500,
                    $"{path}{q} answered {(int)response.StatusCode}: {body[..Math.Min(500, body.Length)]}\n{string.Join("\n", logs.Lines.TakeLast(20))}");
            }
        }
        Assert.Equal(Documents, runs);
        output.WriteLine($"feeds: {runs} documents; {stored} papers stored, {skipped} items skipped, {failedDocuments} documents refused whole");
    }

    private static byte[] CutGzip(byte[] bytes, double cut)
    {
        var zipped = Gzip(bytes);
        return zipped[..(int)(zipped.Length * cut)];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }
}
