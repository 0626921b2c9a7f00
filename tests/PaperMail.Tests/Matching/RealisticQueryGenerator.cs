using static PaperMail.Tests.Matching.GeneratedTerms;
using System.Text;
using PaperMail.Core.Papers;

namespace PaperMail.Tests.Matching;

/// <summary>
/// Alerts shaped like the ones researchers write: a topic as two or three key phrases of one paper ANDed
/// (<c>"long context" multilingual</c>), sometimes a group of alternatives, a title: prefix or an exclusion
/// (<c>-survey</c>); an author (<c>author:"Goran Glavaš"</c>); an organization plus a topic; a single specific
/// phrase. Phrases come from the papers' AI keywords, or title phrases when a paper has none.
/// <see cref="CorpusQueryGenerator"/> is the broad stress mix (lone generic words, stop-word phrases); this is
/// the realistic one. Seeded, so runs repeat. Shared with the benchmarks project (linked source).
/// </summary>
public sealed class RealisticQueryGenerator(IReadOnlyList<Paper> papers, int seed)
{
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on",
        "or", "over", "the", "their", "to", "via", "with", "without", "we", "you", "your", "can", "do", "does",
        "how", "what", "when", "why", "towards", "toward", "beyond", "through", "using", "not", "all", "more", "across", "itself", "under", "between", "about", "against", "within",
    ];

    // Words people exclude to drop a kind of paper rather than a topic.
    private static readonly string[] Exclusions =
        ["survey", "benchmark", "dataset", "position", "review", "\"technical report\"", "medical", "robot", "video", "audio", "3D", "chinese"];

    private readonly Random _random = new(seed);
    // A phrase tagged on more than 1% of papers ("large language models", "reinforcement learning") is a field,
    // not a topic: fine inside an AND, too broad as a whole alert.
    private readonly HashSet<string> _generic = GenericKeywords(papers);
    // Title words in more than 1% of titles ("models", "language", "generation") are not a topic on their own.
    private readonly HashSet<string> _genericWords = GenericTitleWords(papers);

    public string Next()
    {
        var paper = papers[_random.Next(papers.Count)];
        double roll = _random.NextDouble();
        string query;
        if (roll < 0.45) query = Topic(paper, 2 + _random.Next(2));
        else if (roll < 0.60) query = Specific(paper) ?? Topic(paper, 2);
        else if (roll < 0.75) query = Author(paper) ?? Topic(paper, 2);
        else if (roll < 0.85) query = "title:" + Topic(paper, 2);
        else query = paper.Organization is { } org ? $"org:{Word(Clean(org.Name))} {Phrase(paper)}" : Topic(paper, 3);
        if (_random.NextDouble() < 0.25) query += " -" + Exclusions[_random.Next(Exclusions.Length)];
        return query;
    }

    /// <summary>Two or three phrases of one paper, one of them sometimes a group of alternatives.</summary>
    private string Topic(Paper paper, int clauses)
    {
        var parts = new List<string>();
        for (int i = 0; i < clauses + 3 && parts.Count < clauses; i++)
        {
            var phrase = Phrase(paper);
            if (i == 0 && _random.NextDouble() < 0.25)
            {
                var other = Phrase(paper);
                if (!Same(other, phrase)) phrase = $"({phrase} OR {other})";
            }
            if (!parts.Any(p => Same(p, phrase))) parts.Add(phrase);
        }
        return string.Join(' ', parts);
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim('"'), b.Trim('"'), StringComparison.OrdinalIgnoreCase);

    private string? Specific(Paper paper)
    {
        var specific = Keywords(paper).Where(k => k.Contains(' ') && !_generic.Contains(k.ToLowerInvariant())).ToArray();
        return specific.Length == 0 ? null : Quote(specific[_random.Next(specific.Length)]);
    }

    private string? Author(Paper paper)
    {
        if (paper.Authors.Count == 0) return null;
        string One() => $"author:\"{Clean(paper.Authors[_random.Next(paper.Authors.Count)])}\"";
        var first = One();
        return _random.NextDouble() < 0.15 && paper.Authors.Count > 1 ? $"{first} OR {One()}" : first;
    }

    /// <summary>An AI keyword of the paper, or a title phrase when it has none.</summary>
    private string Phrase(Paper paper)
    {
        var keywords = Keywords(paper);
        return keywords.Length > 0 ? Quote(keywords[_random.Next(keywords.Length)]) : TitlePhrase(paper);
    }

    private string TitlePhrase(Paper paper)
    {
        var words = Clean(paper.Title).Split(' ');
        for (int attempt = 0; attempt < 10; attempt++)
        {
            int start = _random.Next(words.Length);
            int length = Math.Min(words.Length - start, 1 + _random.Next(3));
            var phrase = words.Skip(start).Take(length).ToArray();
            // A phrase neither starts nor ends with a stop word, and a single word is a distinctive one.
            if (StopWords.Contains(phrase[0].ToLowerInvariant()) || StopWords.Contains(phrase[^1].ToLowerInvariant())) continue;
            if (phrase.All(w => _genericWords.Contains(w.ToLowerInvariant()) || StopWords.Contains(w.ToLowerInvariant()))) continue;
            return Quote(string.Join(' ', phrase));
        }
        return Quote(string.Join(' ', words.Take(3)));
    }

    private static string[] Keywords(Paper paper) =>
        [.. paper.AiKeywords.Select(k => Clean(k.Split('(')[0])).Where(k => k != "model" && k.Length > 2).Distinct()];

    private string Quote(string text) => text.Contains(' ') || _random.NextDouble() < 0.2 ? $"\"{text}\"" : Word(text);



    private static HashSet<string> GenericTitleWords(IReadOnlyList<Paper> papers)
    {
        var counts = new Dictionary<string, int>();
        foreach (var paper in papers)
            foreach (var word in Clean(paper.Title).ToLowerInvariant().Split(' ').Distinct())
                counts[word] = counts.GetValueOrDefault(word) + 1;
        return [.. counts.Where(c => c.Value > papers.Count / 100).Select(c => c.Key)];
    }

    private static HashSet<string> GenericKeywords(IReadOnlyList<Paper> papers)
    {
        var counts = new Dictionary<string, int>();
        foreach (var paper in papers)
            foreach (var keyword in Keywords(paper).Select(k => k.ToLowerInvariant()).Distinct())
                counts[keyword] = counts.GetValueOrDefault(keyword) + 1;
        return [.. counts.Where(c => c.Value > papers.Count / 100).Select(c => c.Key)];
    }
}
