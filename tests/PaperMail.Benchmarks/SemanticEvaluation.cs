using System.Globalization;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Semantic;

namespace PaperMail.Benchmarks;

/// <summary>
/// <c>semantic-eval [--vectors &lt;db-path&gt;] [N]</c>: quality of similar-papers alerts against keyword alerts written
/// for the same need, and the share of papers an alert catches at each threshold. With <c>--vectors</c> it evaluates
/// the papers the <c>semantic-backfill</c> benchmark embedded into that SQLite file; otherwise the first N corpus papers
/// (embedded here, cached in the temp folder). Each task is a need whose answer is known from the corpus:
/// <list type="bullet">
/// <item>author: the 3 earliest papers of an author with at least 8 papers; relevant = that author's other papers;</item>
/// <item>organization: the same for a Hugging Face organization (the paper's <c>organization</c> field);</item>
/// <item>key phrase: a 2-3 word phrase in the titles of 10-60 papers; the 3 earliest make the example alert, the
/// phrase itself is the described alert; relevant = the other papers with the phrase in their title. The phrase is
/// removed from every title (for both methods, so the papers are re-embedded) because the answer would otherwise be
/// written in the text being searched; a second set of rows keeps it, as keyword search's home ground.</item>
/// </list>
/// Keyword alert for an example alert: the four most distinctive title words of the examples ORed (tf-idf over the
/// evaluated corpus); for a described alert, the quoted phrase. Both rank the evaluated papers (the examples left out):
/// semantic by cosine, keyword by the percolator's score. P@20 counts empty slots as misses.
/// </summary>
internal static partial class SemanticEvaluation
{
    private const int K = 20;
    private const int ExamplesPerTask = 3;
    private const int MaxTasksPerKind = 40;
    private const int MinGroup = 8;
    private const int MinPhrasePapers = 10;
    private const int MaxPhrasePapers = 60;

    private static readonly float[] Thresholds = [.. Enumerable.Range(0, 21).Select(i => 0.30f + 0.025f * i)];

    /// <summary>One alert: its examples (ids) and/or description, the keyword query for the same need, and its answer.</summary>
    private sealed record EvalTask(string Kind, string Name, IReadOnlyList<string> Examples, string? Description, HashSet<string> Relevant,
        string KeywordQuery, IReadOnlyList<string> Excluded, bool Stripped, bool Main);

    private sealed record Corpus(List<Paper> Papers, Dictionary<string, float[]> Vectors, List<MatchablePaper> Matchable);

    public static void Run(string[] args)
    {
        var options = Options.Create(new SemanticOptions { Enabled = true });
        using var embedder = new MiniLmEmbedder(options);
        string? store = null;
        int count = int.MaxValue;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--vectors" && i + 1 < args.Length) store = args[++i];
            else count = int.Parse(args[i], CultureInfo.InvariantCulture);
        }
        var (papers, vectors) = store is null ? SemanticCorpus.Load(embedder, options.Value.BatchSize, count) : SemanticCorpus.LoadFromStore(store, embedder.Model);
        var listed = papers.Where(p => p.ListedOn is not null).Select(p => p.ListedOn!.Value).ToList();
        Console.WriteLine($"evaluated papers: {papers.Count} ({(store is null ? $"the first {papers.Count} of the corpus" : $"those with a vector in {store}")}), " +
            $"listed {(listed.Count == 0 ? "?" : $"{listed.Min():yyyy-MM-dd} .. {listed.Max():yyyy-MM-dd}")}; {papers.Count(p => p.Organization is not null)} with an organization");

        var original = new Corpus(papers, vectors, [.. papers.Select(MatchablePaper.From)]);
        var phrases = ChoosePhrases(papers);
        var stripped = Strip(original, phrases, embedder, options.Value.BatchSize);
        var tasks = BuildTasks(original, stripped, phrases);
        Console.WriteLine($"{tasks.Count} tasks: {string.Join(", ", tasks.GroupBy(t => t.Kind).Select(g => $"{g.Count()} {g.Key}"))}");

        var keywordHits = new Dictionary<EvalTask, List<string>>();
        foreach (var (corpus, isStripped) in new[] { (original, false), (stripped, true) })
        {
            var mine = tasks.Where(t => t.Stripped == isStripped).ToList();
            var builder = new PercolatorBuilder(DocumentFrequencies.FromPapers(corpus.Matchable));
            for (int i = 0; i < mine.Count; i++) builder.Add(new AlertDefinition(i, QueryParser.Parse(mine[i].KeywordQuery).Query!));
            var hits = builder.Build().MatchAll(corpus.Matchable).GroupBy(m => (int)m.AlertId)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.Score).ThenBy(m => m.PaperId, StringComparer.Ordinal).Select(m => m.PaperId).ToList());
            for (int i = 0; i < mine.Count; i++) keywordHits[mine[i]] = hits.GetValueOrDefault(i, []);
        }

        // Besides the 2-3 word phrases, a description as long as a sentence: the first example's title (thresholds only).
        var originalById = papers.ToDictionary(p => p.Id, StringComparer.Ordinal);
        string? TitleDescription(EvalTask t) => t is { Stripped: false, Description: null, Main: true } ? originalById[t.Examples[0]].Title : null;
        var descriptions = tasks.Select(t => t.Description).Concat(tasks.Select(TitleDescription)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var described = descriptions.Zip(embedder.Embed(descriptions, CancellationToken.None)).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal);

        var rows = new List<(EvalTask Task, double SemP, double SemR, double KwP, double KwR)>();
        // For the default threshold: per alert shape, per alert, the share caught and how many of them are relevant.
        var reach = new Dictionary<string, List<(float[] Share, float[] Precision, float[] Recall)>>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var corpus = task.Stripped ? stripped : original;
            var exclude = task.Excluded.ToHashSet(StringComparer.Ordinal);
            var candidates = corpus.Papers.Where(p => !exclude.Contains(p.Id)).Select(p => corpus.Vectors[p.Id]).ToList();
            var ids = corpus.Papers.Where(p => !exclude.Contains(p.Id)).Select(p => p.Id).ToList();
            float[] AlertOf(IEnumerable<string> examples, string? description)
            {
                var parts = examples.Select(e => corpus.Vectors[e]).ToList();
                if (description is not null) parts.Add(described[description]);
                return SemanticAlertVector.Combine(parts, embedder.Dimensions);
            }
            var scores = candidates.Select(v => TensorPrimitives.Dot(AlertOf(task.Examples, task.Description), v)).ToArray();
            var semTop = Enumerable.Range(0, ids.Count).OrderByDescending(i => scores[i]).Take(K).Select(i => ids[i]).ToList();
            var kwTop = keywordHits[task].Where(id => !exclude.Contains(id)).Take(K).ToList();
            rows.Add((task, Precision(semTop, task.Relevant), Recall(semTop, task.Relevant), Precision(kwTop, task.Relevant), Recall(kwTop, task.Relevant)));
            // The shares use every alert shape the form allows, on the same needs, on the text as it really is.
            if (task.Stripped) continue;
            var shapes = new List<(string Shape, float[] Scores)>();
            if (task.Description is not null)
            {
                shapes.Add(("description: a 2-3 word phrase", scores));
            }
            else
            {
                var group = task.Examples.Concat(task.Relevant).ToList();
                shapes.Add(("3 examples", scores));
                shapes.Add(("1 example", [.. candidates.Select(v => TensorPrimitives.Dot(AlertOf(task.Examples.Take(1), null), v))]));
                if (TitleDescription(task) is { } title) shapes.Add(("description: a sentence (a title)", [.. candidates.Select(v => TensorPrimitives.Dot(AlertOf([], title), v))]));
                if (group.Count >= 10) shapes.Add(("5 examples", Scores(AlertOf(group.Take(5), null), corpus, group.Take(5))));
                if (task.Kind.StartsWith("key phrase", StringComparison.Ordinal))
                {
                    shapes.Add(("description + 3 examples", [.. candidates.Select(v => TensorPrimitives.Dot(AlertOf(task.Examples, task.Name), v))]));
                }
            }
            foreach (var (shape, s) in shapes)
            {
                if (!reach.TryGetValue(shape, out var list)) reach[shape] = list = [];
                var relevantMask = ids.Select(task.Relevant.Contains).ToArray();
                list.Add(([.. Thresholds.Select(t => (float)s.Count(x => x >= t) / s.Length)],
                    [.. Thresholds.Select(t => { int caught = s.Count(x => x >= t); return caught == 0 ? float.NaN : (float)Enumerable.Range(0, s.Length).Count(i => s[i] >= t && relevantMask[i]) / caught; })],
                    [.. Thresholds.Select(t => task.Relevant.Count == 0 ? float.NaN : (float)Enumerable.Range(0, s.Length).Count(i => s[i] >= t && relevantMask[i]) / task.Relevant.Count)]));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| task kind | tasks | semantic P@20 | keyword P@20 | ratio | semantic R@20 | keyword R@20 | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var groups = rows.GroupBy(r => r.Task.Kind).ToList();
        foreach (var g in groups.Where(g => g.First().Task.Main)) PrintRow(g.Key, [.. g]);
        PrintRow("**all**", [.. rows.Where(r => r.Task.Main)]);
        foreach (var g in groups.Where(g => !g.First().Task.Main)) PrintRow(g.Key, [.. g]);

        Console.WriteLine();
        Console.WriteLine("share of the evaluated papers an alert catches, by threshold: median (90th percentile) over alerts; then the mean share of what it catches that is relevant, and the mean recall");
        Console.WriteLine("| alert | alerts | " + string.Join(" | ", Thresholds.Where((_, i) => i % 2 == 0).Select(t => t.ToString("F2", CultureInfo.InvariantCulture))) + " |");
        Console.WriteLine("|---|---|" + string.Concat(Thresholds.Where((_, i) => i % 2 == 0).Select(_ => "---|")));
        foreach (var (shape, list) in reach.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"| {shape} | {list.Count} | " + string.Join(" | ", Thresholds.Select((_, i) => i).Where(i => i % 2 == 0).Select(i =>
            {
                var s = list.Select(x => x.Share[i]).Order().ToList();
                return $"{Pct(s[s.Count / 2])} ({Pct(s[s.Count * 9 / 10])})";
            })) + " |");
        }
        Console.WriteLine();
        Console.WriteLine("finer: median share / mean precision of what is caught / mean recall, per threshold");
        foreach (var (shape, list) in reach.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {shape}:");
            for (int i = 0; i < Thresholds.Length; i++)
            {
                var s = list.Select(x => x.Share[i]).Order().ToList();
                var p = list.Select(x => x.Precision[i]).Where(x => !float.IsNaN(x)).ToList();
                var r = list.Select(x => x.Recall[i]).Where(x => !float.IsNaN(x)).ToList();
                Console.WriteLine($"    {Thresholds[i]:F3}: median {Pct(s[s.Count / 2])}, p90 {Pct(s[s.Count * 9 / 10])}; precision {(p.Count == 0 ? "-" : p.Average().ToString("F3", CultureInfo.InvariantCulture))} over {p.Count} alerts catching any; recall {(r.Count == 0 ? "-" : r.Average().ToString("F3", CultureInfo.InvariantCulture))}");
            }
        }

        Console.WriteLine();
        foreach (var kind in groups.Select(g => g.Key))
        {
            var t = tasks.First(x => x.Kind == kind);
            var corpus = t.Stripped ? stripped : original;
            var byId = corpus.Papers.ToDictionary(p => p.Id, StringComparer.Ordinal);
            Console.WriteLine($"e.g. {kind} '{t.Name}' ({t.Relevant.Count} relevant): " +
                (t.Description is null ? $"examples {string.Join(" | ", t.Examples.Select(e => byId[e].Title))}" : $"description '{t.Description}'") + $"; keyword query {t.KeywordQuery}");
        }
    }

    private static float[] Scores(float[] alert, Corpus corpus, IEnumerable<string> exclude)
    {
        var ex = exclude.ToHashSet(StringComparer.Ordinal);
        return [.. corpus.Papers.Where(p => !ex.Contains(p.Id)).Select(p => TensorPrimitives.Dot(alert, corpus.Vectors[p.Id]))];
    }

    private static void PrintRow(string name, List<(EvalTask Task, double SemP, double SemR, double KwP, double KwR)> g)
    {
        if (g.Count == 0) return;
        double sp = g.Average(r => r.SemP), kp = g.Average(r => r.KwP), sr = g.Average(r => r.SemR), kr = g.Average(r => r.KwR);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {g.Count} | {sp:F3} | {kp:F3} | {Ratio(sp, kp)} | {sr:F3} | {kr:F3} | {Ratio(sr, kr)} |"));
    }

    private static string Ratio(double a, double b) => b == 0 ? "-" : (a / b).ToString("F2", CultureInfo.InvariantCulture) + "×";

    private static string Pct(float x) => (x * 100).ToString(x < 0.1f ? "F1" : "F0", CultureInfo.InvariantCulture) + "%";

    private static double Precision(List<string> top, HashSet<string> relevant) => (double)top.Count(relevant.Contains) / K;

    private static double Recall(List<string> top, HashSet<string> relevant) => relevant.Count == 0 ? 0 : (double)top.Count(relevant.Contains) / relevant.Count;

    /// <summary>
    /// Phrases of 2-3 title words (not starting or ending with a function word) in the titles of 10-60 evaluated papers,
    /// most frequent first, skipping one whose papers are mostly those of a phrase already chosen.
    /// </summary>
    private static List<(string Phrase, HashSet<string> Papers)> ChoosePhrases(List<Paper> papers)
    {
        var found = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var p in papers)
        {
            var tokens = TitleTokens(p.Title).Select(t => t.Word).ToList();
            for (int n = 2; n <= 3; n++)
            {
                for (int i = 0; i + n <= tokens.Count; i++)
                {
                    if (Function.Contains(tokens[i]) || Function.Contains(tokens[i + n - 1]) || tokens.Skip(i).Take(n).Any(w => w.All(char.IsDigit))) continue;
                    var phrase = string.Join(' ', tokens.Skip(i).Take(n));
                    if (!found.TryGetValue(phrase, out var set)) found[phrase] = set = new HashSet<string>(StringComparer.Ordinal);
                    set.Add(p.Id);
                }
            }
        }
        var chosen = new List<(string, HashSet<string>)>();
        foreach (var (phrase, set) in found.Where(x => x.Value.Count is >= MinPhrasePapers and <= MaxPhrasePapers)
                     .OrderByDescending(x => x.Value.Count).ThenByDescending(x => x.Key.Count(c => c == ' ')).ThenBy(x => x.Key, StringComparer.Ordinal))
        {
            if (chosen.Any(c => c.Item2.Intersect(set).Count() * 2 >= Math.Min(c.Item2.Count, set.Count))) continue;
            chosen.Add((phrase, set));
            if (chosen.Count == MaxTasksPerKind) break;
        }
        return chosen;
    }

    /// <summary>
    /// The corpus with every chosen phrase cut out of every title; papers whose title changed are embedded again
    /// (cached in the temp folder like the corpus), the others keep their vectors.
    /// </summary>
    private static Corpus Strip(Corpus original, List<(string Phrase, HashSet<string> Papers)> phrases, ITextEmbedder embedder, int batchSize)
    {
        var papers = original.Papers.Select(p => p with { Title = StripTitle(p.Title, phrases.Select(x => x.Phrase)) }).ToList();
        var changed = papers.Where((p, i) => p.Title != original.Papers[i].Title).ToList();
        Console.WriteLine($"key phrases: {phrases.Count}; {changed.Count} titles lose a phrase and are embedded again");
        var (_, fresh) = SemanticCorpus.Embed(changed, embedder, batchSize, "stripped");
        var vectors = new Dictionary<string, float[]>(original.Vectors, StringComparer.Ordinal);
        foreach (var (id, v) in fresh) vectors[id] = v;
        return new Corpus(papers, vectors, [.. papers.Select(MatchablePaper.From)]);
    }

    private static string StripTitle(string title, IEnumerable<string> phrases)
    {
        var tokens = TitleTokens(title);
        var cut = new bool[tokens.Count];
        foreach (var phrase in phrases)
        {
            var words = phrase.Split(' ');
            for (int i = 0; i + words.Length <= tokens.Count; i++)
            {
                if (Enumerable.Range(0, words.Length).All(j => tokens[i + j].Word == words[j])) for (int j = 0; j < words.Length; j++) cut[i + j] = true;
            }
        }
        if (!cut.Any(c => c)) return title;
        var text = title.ToCharArray();
        for (int i = 0; i < tokens.Count; i++) if (cut[i]) for (int c = tokens[i].Start; c < tokens[i].Start + tokens[i].Length; c++) text[c] = ' ';
        return string.Join(' ', new string(text).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static List<(string Word, int Start, int Length)> TitleTokens(string title) =>
        [.. TitleWord().Matches(title).Select(m => (m.Value.ToLowerInvariant(), m.Index, m.Length))];

    private static List<EvalTask> BuildTasks(Corpus original, Corpus stripped, List<(string Phrase, HashSet<string> Papers)> phrases)
    {
        var tasks = new List<EvalTask>();
        var keywordsOriginal = KeywordRule(original.Papers);
        void FromGroups(string kind, IEnumerable<IGrouping<string, Paper>> groups)
        {
            foreach (var g in groups.Where(g => g.Count() >= MinGroup).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(MaxTasksPerKind))
            {
                var ordered = g.OrderBy(p => p.PublishedAt).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
                var examples = ordered.Take(ExamplesPerTask).ToList();
                var query = keywordsOriginal(examples);
                if (QueryParser.Parse(query).Query is null) continue;
                tasks.Add(new EvalTask(kind, g.Key, [.. examples.Select(e => e.Id)], null, ordered.Skip(ExamplesPerTask).Select(p => p.Id).ToHashSet(StringComparer.Ordinal),
                    query, [.. examples.Select(e => e.Id)], Stripped: false, Main: true));
            }
        }
        FromGroups("author", original.Papers.SelectMany(p => p.Authors.Distinct().Select(a => (a, p))).GroupBy(x => x.a, x => x.p, StringComparer.Ordinal));
        FromGroups("organization", original.Papers.Where(p => p.Organization is not null).GroupBy(p => p.Organization!.Name, StringComparer.Ordinal));

        var keywordsStripped = KeywordRule(stripped.Papers);
        var strippedById = stripped.Papers.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var (phrase, set) in phrases)
        {
            var ordered = original.Papers.Where(p => set.Contains(p.Id)).OrderBy(p => p.PublishedAt).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
            var examples = ordered.Take(ExamplesPerTask).Select(p => p.Id).ToList();
            var relevant = ordered.Skip(ExamplesPerTask).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var quoted = $"\"{phrase}\"";
            if (QueryParser.Parse(quoted).Query is null) continue;
            var fromExamples = keywordsStripped([.. examples.Select(e => strippedById[e])]);
            if (QueryParser.Parse(fromExamples).Query is not null)
                tasks.Add(new EvalTask("key phrase", phrase, examples, null, relevant, fromExamples, examples, Stripped: true, Main: true));
            tasks.Add(new EvalTask("key phrase, described", phrase, [], phrase, relevant, quoted, examples, Stripped: true, Main: true));
            var kept = keywordsOriginal([.. examples.Select(e => original.Papers.First(p => p.Id == e))]);
            if (QueryParser.Parse(kept).Query is not null)
                tasks.Add(new EvalTask("key phrase, phrase kept", phrase, examples, null, relevant, kept, examples, Stripped: false, Main: false));
            tasks.Add(new EvalTask("key phrase, described, phrase kept", phrase, [], phrase, relevant, quoted, examples, Stripped: false, Main: false));
        }
        return tasks;
    }

    /// <summary>The keyword alert a reader would write from example papers: the four most distinctive words of their titles, ORed.</summary>
    private static Func<IReadOnlyList<Paper>, string> KeywordRule(List<Paper> papers)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in papers) foreach (var w in Words(p.Title + " " + p.Abstract).Distinct(StringComparer.Ordinal)) df[w] = df.GetValueOrDefault(w) + 1;
        return examples => string.Join(" OR ", examples.SelectMany(e => Words(e.Title)).GroupBy(w => w, StringComparer.Ordinal)
            .Select(g => (Word: g.Key, Score: g.Count() * Math.Log((double)papers.Count / (1 + df.GetValueOrDefault(g.Key)))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Word, StringComparer.Ordinal).Take(4).Select(x => x.Word));
    }

    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "with", "from", "that", "this", "their", "through", "using", "towards", "toward", "based", "via", "into", "over", "large", "model", "models", "language", "learning", "data", "for", "and", "the", "are", "can", "more", "than", "when", "what", "your", "does", "beyond", "across", "without", "make", "makes", "new", "all", "you", "need",
    };

    /// <summary>Words a key phrase may not start or end with.</summary>
    private static readonly HashSet<string> Function = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "for", "and", "or", "in", "on", "with", "to", "via", "from", "by", "at", "is", "are", "as", "we", "our", "your", "how",
        "what", "do", "does", "can", "towards", "toward", "through", "using", "into", "beyond", "without", "vs", "versus", "not", "all", "its", "their",
        "be", "that", "this", "when", "why", "which", "who", "you", "it", "over", "under", "based", "s",
    };

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 4 && !Stop.Contains(w));

    [GeneratedRegex("[a-z][a-z0-9-]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")]
    private static partial Regex TitleWord();
}
