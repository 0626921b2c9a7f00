
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
/// Merges what one source says about a paper into what the store holds. Pure, and the one merge
/// every store provider uses.
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
        if (merged == stored) return (stored, MergeOutcome.Unchanged);
        return MatchableFieldsDiffer(stored, merged) ? (merged with { ChangedAt = now }, MergeOutcome.Changed) : (merged, MergeOutcome.Refreshed);
    }

    // Apply keeps the stored list whenever the incoming one is equal, so record equality (which compares lists by
    // reference) tells an unchanged paper without a field-by-field comparison to keep up to date.

    private static Paper Apply(Paper p, IncomingPaper i, string sourceName) => p with
    {
        Title = string.IsNullOrEmpty(i.Title) ? p.Title : i.Title,
        Abstract = i.Abstract ?? p.Abstract,
        Authors = Known(i.Authors, p.Authors),
        Organization = i.Organization ?? p.Organization,
        PublishedAt = i.PublishedAt ?? p.PublishedAt,
        ListedOn = Earliest(p.ListedOn, i.ListedOn),
        Upvotes = i.Upvotes ?? p.Upvotes,
        GithubRepo = i.GithubRepo ?? p.GithubRepo,
        ProjectPage = i.ProjectPage ?? p.ProjectPage,
        AiSummary = i.AiSummary ?? p.AiSummary,
        AiKeywords = Known(i.AiKeywords, p.AiKeywords),
        Categories = Known(i.Categories, p.Categories),
        Sources = p.Sources.Contains(sourceName, StringComparer.Ordinal) ? p.Sources : [.. p.Sources, sourceName],
    };

    /// <summary>A list the source knows (not empty) replaces the stored one; an equal one leaves the stored instance.</summary>
    private static IReadOnlyList<string> Known(IReadOnlyList<string>? incoming, IReadOnlyList<string> stored) =>
        incoming is { Count: > 0 } && !incoming.SequenceEqual(stored, StringComparer.Ordinal) ? incoming : stored;

    private static DateOnly? Earliest(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    public static bool MatchableFieldsDiffer(Paper a, Paper b) =>
        a.Title != b.Title
        || a.Abstract != b.Abstract
        || !a.Authors.SequenceEqual(b.Authors, StringComparer.Ordinal)
        || a.Organization != b.Organization
        || a.Upvotes != b.Upvotes;
}
