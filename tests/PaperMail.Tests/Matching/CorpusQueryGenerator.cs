using static PaperMail.Tests.Matching.GeneratedTerms;
using System.Text;
using PaperMail.Core.Papers;

namespace PaperMail.Tests.Matching;

/// <summary>
/// Makes realistic alert queries from real papers: their AI keywords, title words and phrases, authors and
/// organizations, combined with ORs, exclusions, field prefixes and nesting. Seeded, so runs repeat.
/// Shared with the benchmarks project (linked source).
/// </summary>
public sealed class CorpusQueryGenerator(IReadOnlyList<Paper> papers, int seed)
{
    private readonly Random _random = new(seed);
    // People subscribe to topics, not to "models": title words and keywords found in more than 1% of the
    // papers are left out, as a real user's alert would rarely consist of them.
    private readonly HashSet<string> _common = CommonWords(papers);

    public string Next()
    {
        var source = Pick(papers);
        var parts = new List<string>();
        // Like real alerts: either one specific thing (a keyword phrase, an author, an organization) or a few
        // topic words together; a lone generic title word ("models") would match a good share of all papers.
        if (_random.NextDouble() < 0.25)
        {
            parts.Add(Specific(source));
        }
        else
        {
            int clauses = 2 + _random.Next(2);
            for (int i = 0; i < clauses; i++) parts.Add(Clause(source, depth: 0));
        }
        if (_random.NextDouble() < 0.3) parts.Add("-" + Excluded());
        var query = string.Join(' ', parts);
        return _random.NextDouble() < 0.1 ? query + " OR " + Specific(Pick(papers)) : query;
    }

    private string Clause(Paper source, int depth)
    {
        double roll = _random.NextDouble();
        if (roll < 0.2 && depth < 2)
        {
            // An OR group, alternatives from this paper or a random one, sometimes nested.
            int n = 2 + _random.Next(2);
            var alternatives = Enumerable.Range(0, n).Select(_ =>
                _random.NextDouble() < 0.2 ? Clause(source, depth + 1) + " " + Simple(source) : Simple(_random.NextDouble() < 0.5 ? source : Pick(papers)));
            return "(" + string.Join(" OR ", alternatives) + ")";
        }
        return Simple(source);
    }

    private string Simple(Paper paper)
    {
        double roll = _random.NextDouble();
        var keywords = paper.AiKeywords.Where(k => !_common.Contains(k.ToLowerInvariant())).ToArray();
        if (roll < 0.35 && keywords.Length > 0) return Keyword(Pick(keywords));
        if (roll < 0.55) return Prefix() + TitleWord(paper);
        if (roll < 0.7) return Prefix() + TitlePhrase(paper);
        if (roll < 0.8 && paper.Authors.Count > 0)
        {
            var name = Clean(Pick(paper.Authors));
            var surname = name.Split(' ')[^1];
            return _random.NextDouble() < 0.6 ? $"author:\"{name}\"" : "author:" + surname;
        }
        if (roll < 0.9 && paper.Organization is { } org)
            return "org:" + (_random.NextDouble() < 0.5 || org.DisplayName is null ? Word(Clean(org.Name)) : $"\"{Clean(org.DisplayName)}\"");
        return TitleWord(paper);
    }

    private string Specific(Paper paper)
    {
        double roll = _random.NextDouble();
        if (roll < 0.5 && paper.AiKeywords.FirstOrDefault(k => k.Contains(' ') && !_common.Contains(k.ToLowerInvariant())) is { } phrase)
            return Keyword(phrase);
        if (roll < 0.8 && paper.Authors.Count > 0) return $"author:\"{Clean(Pick(paper.Authors))}\"";
        if (paper.Organization is { } org) return "org:" + Word(Clean(org.Name));
        return TitlePhrase(paper);
    }

    private string Excluded()
    {
        var paper = Pick(papers);
        return _random.NextDouble() < 0.5 && paper.AiKeywords.Count > 0 ? Keyword(Pick(paper.AiKeywords)) : TitleWord(paper);
    }

    private string Prefix() => _random.Next(10) switch { 0 => "title:", 1 => "abstract:", _ => "" };

    private string Keyword(string keyword)
    {
        var text = Clean(keyword);
        return text.Contains(' ') || _random.NextDouble() < 0.2 ? $"\"{text}\"" : Word(text);
    }

    private string TitleWord(Paper paper)
    {
        var words = Clean(paper.Title).Split(' ').Where(w => w.Length >= 5 && !_common.Contains(w.ToLowerInvariant())).ToArray();
        return words.Length == 0 ? "model" : Word(Pick(words));
    }

    private string TitlePhrase(Paper paper)
    {
        var words = Clean(paper.Title).Split(' ');
        if (words.Length < 2) return TitleWord(paper);
        int start = _random.Next(words.Length - 1);
        int length = Math.Min(words.Length - start, 2 + _random.Next(2));
        return $"\"{string.Join(' ', words.Skip(start).Take(length))}\"";
    }



    private static HashSet<string> CommonWords(IReadOnlyList<Paper> papers)
    {
        var counts = new Dictionary<string, int>();
        foreach (var paper in papers)
        {
            var seen = Clean(paper.Title).ToLowerInvariant().Split(' ').Concat(paper.AiKeywords.Select(k => k.ToLowerInvariant())).ToHashSet();
            foreach (var word in seen) counts[word] = counts.GetValueOrDefault(word) + 1;
        }
        return [.. counts.Where(c => c.Value > papers.Count / 100).Select(c => c.Key)];
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
