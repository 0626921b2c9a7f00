using PaperMail.Core.Papers;

namespace PaperMail.Core.Trending;

/// <summary>A paper with its place among the papers of a window (1 = most upvoted).</summary>
public sealed record RankedPaper(Paper Paper, int Rank)
{
    public int Upvotes => Paper.Upvotes ?? 0;
}

/// <summary>
/// What "trending" means in PaperMail: the papers of a window ranked by their upvotes as stored now (unknown counts as
/// 0), ties broken by the newer paper: the later listing day, then the later publication, then the later first
/// sighting, then the higher id (arXiv ids grow with time). The order is total, so a ranking never depends on how the
/// store returned the rows.
/// </summary>
public static class TrendingRanking
{
    public static IReadOnlyList<RankedPaper> Rank(IEnumerable<Paper> papers) =>
        [.. papers
            .OrderByDescending(p => p.Upvotes ?? 0)
            .ThenByDescending(p => p.ListedOn ?? DateOnly.FromDateTime(p.FirstSeenAt.UtcDateTime))
            .ThenByDescending(p => p.PublishedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(p => p.FirstSeenAt)
            .ThenByDescending(p => p.Id, StringComparer.Ordinal)
            .Select((p, i) => new RankedPaper(p, i + 1))];
}
