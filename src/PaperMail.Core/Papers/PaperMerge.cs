
namespace PaperMail.Core.Papers;

/// <summary>What a merge did to the stored paper.</summary>
public enum MergeOutcome
{
    /// <summary>Nothing changed: the store writes nothing.</summary>
    Unchanged,
    /// <summary>The paper was not stored before.</summary>
    New,
    /// <summary>A matchable field changed (title, abstract, authors, organization, upvotes): "changed" moves.</summary>
    Changed,
    /// <summary>Only a field no subscription matches on changed (links, summary, a new source…): saved quietly.</summary>
    Refreshed,
    /// <summary>An update-only item (a revision) for a paper we never stored: nothing to do.</summary>
    Ignored,
}

/// <summary>
/// Merges what one source says about a paper into what the store holds. Pure, so every store implementation
/// (SQLite now, PostgreSQL later) merges the same way.
/// Rules: a value the source does not know (null) keeps the stored one; a known value replaces it (latest wins), except
/// the Daily Papers day, where the earliest listing is kept, and the first-seen time, which never moves.
/// </summary>
public static class PaperMerge
{
    public static (Paper? Paper, MergeOutcome Outcome) Merge(Paper? stored, IncomingPaper incoming, string sourceName, DateTimeOffset now)
    {
        if (stored is null)
        {
            if (incoming.UpdateOnly) return (null, MergeOutcome.Ignored);
            var created = Apply(new Paper { Id = incoming.Id, Title = incoming.Title, FirstSeenAt = now, ChangedAt = now }, incoming, sourceName);
            return (created, MergeOutcome.New);
        }

        var merged = Apply(stored, incoming, sourceName);
        if (MatchableFieldsDiffer(stored, merged)) return (merged with { ChangedAt = now }, MergeOutcome.Changed);
        return OtherFieldsDiffer(stored, merged) ? (merged, MergeOutcome.Refreshed) : (stored, MergeOutcome.Unchanged);
    }

    private static Paper Apply(Paper p, IncomingPaper i, string sourceName) => p with
    {
        Title = string.IsNullOrEmpty(i.Title) ? p.Title : i.Title,
        Abstract = i.Abstract ?? p.Abstract,
        Authors = i.Authors is { Count: > 0 } ? i.Authors : p.Authors,
        Organization = i.Organization ?? p.Organization,
        PublishedAt = i.PublishedAt ?? p.PublishedAt,
        ListedOn = Earliest(p.ListedOn, i.ListedOn),
        Upvotes = i.Upvotes ?? p.Upvotes,
        GithubRepo = i.GithubRepo ?? p.GithubRepo,
        ProjectPage = i.ProjectPage ?? p.ProjectPage,
        AiSummary = i.AiSummary ?? p.AiSummary,
        AiKeywords = i.AiKeywords is { Count: > 0 } ? i.AiKeywords : p.AiKeywords,
        Categories = i.Categories is { Count: > 0 } ? i.Categories : p.Categories,
        Sources = p.Sources.Contains(sourceName, StringComparer.Ordinal) ? p.Sources : [.. p.Sources, sourceName],
    };

    private static DateOnly? Earliest(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    public static bool MatchableFieldsDiffer(Paper a, Paper b) =>
        a.Title != b.Title
        || a.Abstract != b.Abstract
        || !a.Authors.SequenceEqual(b.Authors, StringComparer.Ordinal)
        || a.Organization != b.Organization
        || a.Upvotes != b.Upvotes;

    private static bool OtherFieldsDiffer(Paper a, Paper b) =>
        a.PublishedAt != b.PublishedAt
        || a.ListedOn != b.ListedOn
        || a.GithubRepo != b.GithubRepo
        || a.ProjectPage != b.ProjectPage
        || a.AiSummary != b.AiSummary
        || !a.AiKeywords.SequenceEqual(b.AiKeywords, StringComparer.Ordinal)
        || !a.Categories.SequenceEqual(b.Categories, StringComparer.Ordinal)
        || !a.Sources.SequenceEqual(b.Sources, StringComparer.Ordinal);
}
