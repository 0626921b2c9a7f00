using PaperMail.Core.Matching.Index;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Semantic;

namespace PaperMail.Benchmarks;

/// <summary>
/// Quality of similar-papers alerts against keyword alerts written for the same need, on the corpus (or its first N papers).
/// Each task is a need with a known answer taken from the corpus itself:
/// <list type="bullet">
/// <item>author: 3 papers of an author with at least 8 papers; relevant = that author's other papers;</item>
/// <item>organization: 3 papers of a Hugging Face organization with at least 10 papers; relevant = its other papers;</item>
/// <item>key phrase: a phrase that Hugging Face's AI keywords give at least 10 papers; the semantic alert is the
/// phrase as its description; relevant = every paper with that keyword.</item>
/// </list>
/// The keyword alert for example-based tasks ORs the four most distinctive title words of the examples (tf-idf over
/// the corpus); for a key phrase it is the quoted phrase. Both are ranked over the whole corpus (examples left out),
/// semantic by cosine, keyword by the percolator's score, and precision@20 and recall@20 are averaged over tasks.
/// It also prints, for each threshold, the share of the corpus a typical (median) alert would catch.
/// </summary>
internal static partial class SemanticEvaluation
{
    private const int K = 20;
    private const int ExamplesPerTask = 3;
    private const int MaxTasksPerKind = 40;

    private sealed record EvalTask(string Kind, string Name, IReadOnlyList<string> Examples, string? Description, HashSet<string> Relevant, string KeywordQuery, IReadOnlyList<string>? Used = null)
    {
        public IReadOnlyList<string> Excluded => Used ?? Examples;
    }

    public static void Run(string[] args)
    {
        var options = Options.Create(new SemanticOptions { Enabled = true });
        using var embedder = new MiniLmEmbedder(options);
        int count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
        var (papers, vectors) = SemanticCorpus.Load(embedder, options.Value.BatchSize, count);
        var byId = papers.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var tasks = BuildTasks(papers);
        Console.WriteLine($"{tasks.Count} tasks over {papers.Count} papers: {string.Join(", ", tasks.GroupBy(t => t.Kind).Select(g => $"{g.Count()} {g.Key}"))}");

        // Keyword side: every task's query in one percolator over the whole corpus.
        var matchable = papers.Select(MatchablePaper.From).ToList();
        var builder = new PercolatorBuilder(DocumentFrequencies.FromPapers(matchable));
        for (int i = 0; i < tasks.Count; i++) builder.Add(new AlertDefinition(i, QueryParser.Parse(tasks[i].KeywordQuery).Query!));
        var keywordHits = builder.Build().MatchAll(matchable).GroupBy(m => (int)m.AlertId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.Score).ThenBy(m => m.PaperId, StringComparer.Ordinal).Select(m => m.PaperId).ToList());

        var descriptions = tasks.Select(t => t.Description).Where(d => d is not null).Distinct().ToList();
        var descriptionVectors = descriptions.Zip(embedder.Embed(descriptions!, CancellationToken.None)).ToDictionary(x => x.First!, x => x.Second);

        var rows = new List<(string Kind, double SemP, double SemR, double KwP, double KwR)>();
        var shares = new List<float[]>();
        var thresholds = new[] { 0.3f, 0.35f, 0.4f, 0.45f, 0.5f, 0.55f, 0.6f, 0.65f, 0.7f };
        foreach (var (task, index) in tasks.Select((t, i) => (t, i)))
        {
            var parts = task.Examples.Select(e => vectors[e]).ToList();
            if (task.Description is { } d) parts.Add(descriptionVectors[d]);
            var alert = SemanticAlertVector.Combine(parts, vectors[papers[0].Id].Length);
            var exclude = task.Excluded.ToHashSet(StringComparer.Ordinal);
            var scored = papers.Where(p => !exclude.Contains(p.Id)).Select(p => (p.Id, Score: TensorPrimitives.Dot(alert, vectors[p.Id]))).OrderByDescending(x => x.Score).ToList();
            var semTop = scored.Take(K).Select(x => x.Id).ToList();
            var kwTop = keywordHits.GetValueOrDefault(index, []).Where(id => !exclude.Contains(id)).Take(K).ToList();
            rows.Add((task.Kind, Precision(semTop, task.Relevant), Recall(semTop, task.Relevant), Precision(kwTop, task.Relevant), Recall(kwTop, task.Relevant)));
            shares.Add([.. thresholds.Select(t => (float)scored.Count(x => x.Score >= t) / scored.Count)]);
        }

        Console.WriteLine($"{"kind",-14} {"tasks",5} {"sem P@20",9} {"kw P@20",8} {"sem R@20",9} {"kw R@20",8}");
        foreach (var g in rows.GroupBy(r => r.Kind).Append(rows.GroupBy(_ => "all").Single()))
        {
            Console.WriteLine($"{g.Key,-14} {g.Count(),5} {g.Average(r => r.SemP),9:F3} {g.Average(r => r.KwP),8:F3} {g.Average(r => r.SemR),9:F3} {g.Average(r => r.KwR),8:F3}");
        }
        Console.WriteLine("share of the corpus an alert catches, by threshold (median / 90th percentile over tasks):");
        for (int i = 0; i < thresholds.Length; i++)
        {
            var s = shares.Select(x => x[i]).Order().ToList();
            Console.WriteLine($"  {thresholds[i]:F2}: {s[s.Count / 2]:P2} / {s[s.Count * 9 / 10]:P2}");
        }
        if (tasks.FirstOrDefault(t => t.Kind == "key phrase") is { } example) Console.WriteLine($"e.g. key phrase task '{example.Name}': keyword query {example.KeywordQuery}");
        if (tasks.FirstOrDefault(t => t.Kind == "author, described") is { } described) Console.WriteLine($"e.g. described task '{described.Name}': description '{described.Description}'; keyword query {described.KeywordQuery}");
        Console.WriteLine("share of the corpus caught, by threshold, per kind (median):");
        foreach (var kind in rows.Select(r => r.Kind).Distinct())
        {
            var kindShares = shares.Where((_, i) => rows[i].Kind == kind).ToList();
            Console.WriteLine($"  {kind,-18} " + string.Join("  ", thresholds.Select((t, i) => $"{t:F2}: {kindShares.Select(x => x[i]).Order().ElementAt(kindShares.Count / 2):P1}")));
        }
        var ex2 = tasks.First(t => t.Kind == "author");
        Console.WriteLine($"e.g. author task '{ex2.Name}': examples {string.Join(", ", ex2.Examples.Select(e => byId[e].Title[..Math.Min(50, byId[e].Title.Length)]))}; keyword query {ex2.KeywordQuery}");
    }

    private static double Precision(List<string> top, HashSet<string> relevant) => (double)top.Count(relevant.Contains) / K;

    private static double Recall(List<string> top, HashSet<string> relevant) => relevant.Count == 0 ? 0 : (double)top.Count(relevant.Contains) / relevant.Count;

    private static List<EvalTask> BuildTasks(List<Paper> papers)
    {
        var titleWords = papers.Select(p => Words(p.Title + " " + p.Abstract).ToHashSet(StringComparer.Ordinal)).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var set in titleWords) foreach (var w in set) df[w] = df.GetValueOrDefault(w) + 1;
        string KeywordsFor(IReadOnlyList<Paper> examples)
        {
            var tf = examples.SelectMany(e => Words(e.Title)).GroupBy(w => w, StringComparer.Ordinal)
                .Select(g => (Word: g.Key, Score: g.Count() * Math.Log((double)papers.Count / (1 + df.GetValueOrDefault(g.Key)))))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Word, StringComparer.Ordinal).Take(4).Select(x => x.Word);
            return string.Join(" OR ", tf);
        }

        var tasks = new List<EvalTask>();
        void FromGroups(string kind, IEnumerable<IGrouping<string, Paper>> groups, int min)
        {
            foreach (var g in groups.Where(g => g.Count() >= min).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(MaxTasksPerKind))
            {
                var ordered = g.OrderBy(p => p.PublishedAt).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
                var examples = ordered.Take(ExamplesPerTask).ToList();
                var query = KeywordsFor(examples);
                if (QueryParser.Parse(query).Query is null) continue;
                var relevant = ordered.Skip(ExamplesPerTask).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
                tasks.Add(new EvalTask(kind, g.Key, [.. examples.Select(e => e.Id)], null, relevant, query));
                if (kind == "author" && QueryParser.Parse(KeywordsFor([examples[0]])).Query is not null)
                {
                    // The same need put in words: the first paper's title as a plain-language description, no examples.
                    tasks.Add(new EvalTask("author, described", g.Key, [], examples[0].Title, relevant, KeywordsFor([examples[0]]), [.. examples.Select(e => e.Id)]));
                }
            }
        }
        FromGroups("author", papers.SelectMany(p => p.Authors.Distinct().Select(a => (a, p))).GroupBy(x => x.a, x => x.p, StringComparer.Ordinal), 8);
        FromGroups("organization", papers.Where(p => p.Organization is not null).GroupBy(p => p.Organization!.Name, StringComparer.Ordinal), 10);
        foreach (var g in papers.SelectMany(p => p.AiKeywords.Select(k => (k: k.Trim().ToLowerInvariant(), p))).Where(x => x.k.Contains(' ', StringComparison.Ordinal))
                     .GroupBy(x => x.k, x => x.p, StringComparer.Ordinal).Where(g => g.Count() >= 10)
                     .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(MaxTasksPerKind))
        {
            var query = $"\"{g.Key.Replace("\"", "", StringComparison.Ordinal)}\"";
            if (QueryParser.Parse(query).Query is null) continue;
            tasks.Add(new EvalTask("key phrase", g.Key, [], g.Key, g.Select(p => p.Id).ToHashSet(StringComparer.Ordinal), query));
        }
        return tasks;
    }

    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "with", "from", "that", "this", "their", "through", "using", "towards", "toward", "based", "via", "into", "over", "large", "model", "models", "language", "learning", "data", "for", "and", "the", "are", "can", "more", "than", "when", "what", "your", "does", "beyond", "across", "without", "make", "makes", "new", "all", "you", "need",
    };

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 4 && !Stop.Contains(w));

    [GeneratedRegex("[a-z][a-z0-9-]+")]
    private static partial Regex WordPattern();
}
