using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Index;

/// <summary>
/// How matches are scored.
/// Relevance = Σ over matched positive terms, Σ over fields holding the term: weight(field) × (1 + ln tf),
/// with weights title 3, author 3, organization 2, abstract 1 (a title hit says more about a paper than a passing
/// mention in the abstract; ln damps repeated mentions).
/// Score = Relevance × (1 + log10(1 + upvotes)), upvotes null or negative counting as 0: 0 upvotes leaves the
/// relevance as is, 9 doubles it, 99 triples it, so popularity reorders but never swamps the text match.
/// </summary>
public static class MatchScore
{
    public const double TitleWeight = 3;
    public const double AbstractWeight = 1;
    public const double AuthorWeight = 3;
    public const double OrganizationWeight = 2;

    public static double TermRelevance(MatchFields field, int frequency) =>
        frequency <= 0 ? 0 : WeightOf(field) * (1 + Math.Log(frequency));

    // In double: 1 + int.MaxValue upvotes (a feed's word) would wrap to a negative int, and its log to NaN.
    public static double Combine(double relevance, int? upvotes) =>
        relevance * (1 + Math.Log10(1d + Math.Max(0, upvotes ?? 0)));

    /// <summary>A paper with unknown upvotes fails any minimum above zero.</summary>
    public static bool PassesMinUpvotes(int? minUpvotes, int? upvotes) =>
        minUpvotes is not { } min || min <= 0 || (upvotes is { } u && u >= min);

    private static double WeightOf(MatchFields field) => field switch
    {
        MatchFields.Title => TitleWeight,
        MatchFields.Abstract => AbstractWeight,
        MatchFields.Author => AuthorWeight,
        MatchFields.Organization => OrganizationWeight,
        _ => 0,
    };
}
