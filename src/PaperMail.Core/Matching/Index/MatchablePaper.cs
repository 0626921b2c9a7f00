using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Matching.Index;

/// <summary>
/// A paper analysed once for matching: token arrays (in position order, for phrases) per matchable field.
/// Authors and organization names are kept as separate values so a phrase never spans two of them.
/// </summary>
public sealed class MatchablePaper
{
    public required string PaperId { get; init; }
    public required string[] Title { get; init; }
    public required string[] Abstract { get; init; }
    /// <summary>One token array per author, in byline order.</summary>
    public required string[][] Authors { get; init; }
    /// <summary>The organization's name and display name as separate values (empty when the paper has none).</summary>
    public required string[][] Organization { get; init; }
    public int? Upvotes { get; init; }

    public static MatchablePaper From(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var org = new List<string[]>();
        if (paper.Organization is { } o)
        {
            org.Add(TextAnalyzer.Analyze(o.Name));
            if (!string.IsNullOrWhiteSpace(o.DisplayName)) org.Add(TextAnalyzer.Analyze(o.DisplayName));
        }
        return new MatchablePaper
        {
            PaperId = paper.Id,
            Title = TextAnalyzer.Analyze(paper.Title),
            Abstract = TextAnalyzer.Analyze(paper.Abstract),
            Authors = [.. paper.Authors.Select(TextAnalyzer.Analyze)],
            Organization = [.. org],
            Upvotes = paper.Upvotes,
        };
    }

    /// <summary>Every field value (title, abstract, each author, each organization name); phrases never span two.</summary>
    public IEnumerable<string[]> Values() => new[] { Title, Abstract }.Concat(Authors).Concat(Organization);
}
