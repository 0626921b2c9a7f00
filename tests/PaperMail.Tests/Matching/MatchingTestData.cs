using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaperMail.Core.Matching;
using PaperMail.Core.Papers;

namespace PaperMail.Tests.Matching;

/// <summary>
/// Loads the shared sample data (../shared/data next to the repository) as <see cref="Paper"/> records.
/// Temporary home until a shared test-data helper exists.
/// </summary>
public static partial class MatchingTestData
{
    private static readonly Lazy<IReadOnlyList<Paper>> Seed = new(() => LoadSeed());
    private static readonly Lazy<IReadOnlyList<Paper>> Corpus = new(() => LoadCorpus(1_000));

    public static string DataDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PaperMail.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            throw new InvalidOperationException("PaperMail.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The 33 papers of seed-papers.json.</summary>
    public static IReadOnlyList<Paper> SeedPapers => Seed.Value;

    /// <summary>The first 1,000 papers of the Daily Papers corpus.</summary>
    public static IReadOnlyList<Paper> CorpusPapers => Corpus.Value;

    public static IReadOnlyList<MatchablePaper> Matchable(IEnumerable<Paper> papers) => [.. papers.Select(MatchablePaper.From)];

    private static List<Paper> LoadSeed()
    {
        using var stream = File.OpenRead(Path.Combine(DataDirectory, "seed-papers.json"));
        using var doc = JsonDocument.Parse(stream);
        return [.. doc.RootElement.EnumerateArray().Select(ToPaper)];
    }

    public static List<Paper> LoadCorpus(int count)
    {
        using var file = File.OpenRead(Path.Combine(DataDirectory, "hf-daily-papers-corpus.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var papers = new List<Paper>(Math.Min(count, 16_384));
        while (papers.Count < count && reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            papers.Add(ToPaper(doc.RootElement));
        }
        return papers;
    }

    /// <summary>One Hugging Face Daily Papers API entry as a <see cref="Paper"/>.</summary>
    public static Paper ToPaper(JsonElement entry)
    {
        var paper = entry.GetProperty("paper");
        string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        Organization? org = null;
        if (paper.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.Object && Str(o, "name") is { } orgName)
            org = new Organization(orgName, Str(o, "fullname"));

        return new Paper
        {
            Id = Str(paper, "id")!,
            Title = Collapse(Str(paper, "title") ?? Str(entry, "title") ?? ""),
            Abstract = Collapse(Str(paper, "summary") ?? Str(entry, "summary") ?? ""),
            Authors = paper.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array
                ? [.. authors.EnumerateArray().Select(a => Collapse(Str(a, "name") ?? "")).Where(n => n.Length > 0)]
                : [],
            Organization = org,
            Upvotes = paper.TryGetProperty("upvotes", out var up) && up.ValueKind == JsonValueKind.Number ? up.GetInt32() : null,
            AiKeywords = paper.TryGetProperty("ai_keywords", out var kw) && kw.ValueKind == JsonValueKind.Array
                ? [.. kw.EnumerateArray().Select(k => k.GetString() ?? "").Where(k => k.Length > 0)]
                : [],
        };
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
