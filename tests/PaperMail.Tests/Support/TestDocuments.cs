using System.IO.Compression;
using System.Text;

namespace PaperMail.Tests.Support;

/// <summary>Builds in-memory documents for parser tests.</summary>
public static class TestDocuments
{
    public static MemoryStream FromText(string text) => new(Encoding.UTF8.GetBytes(text));

    public static MemoryStream Gzip(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            gzip.Write(bytes);
        }

        output.Position = 0;
        return output;
    }

    /// <summary>A minimal HF Daily Papers entry as JSON.</summary>
    public static string HfEntry(string id, string title, string extraPaperFields = "") =>
        $$"""{"paper": {"id": "{{id}}", "title": "{{title}}", "summary": "Abstract of {{id}}.", "authors": [{"name": "A. Author", "hidden": false}]{{extraPaperFields}}}, "title": "{{title}}"}""";

    /// <summary>A minimal arXiv API Atom entry.</summary>
    public static string AtomEntry(string id, string title) =>
        $"""
          <entry>
            <id>http://arxiv.org/abs/{id}v1</id>
            <title>{title}</title>
            <summary>Abstract of {id}.</summary>
            <author><name>A. Author</name></author>
            <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
          </entry>
        """;

    public const string AtomHeader = """<?xml version="1.0" encoding="UTF-8"?>""" + "\n" + """<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">""";
}
