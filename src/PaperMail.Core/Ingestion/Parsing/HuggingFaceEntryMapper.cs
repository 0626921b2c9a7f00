using System.Globalization;
using System.Text.Json;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Maps one Hugging Face Daily Papers entry (<c>{ "paper": {...}, "title": ..., ... }</c>, see tests/fixtures/hf-schema.md) to an
/// <see cref="IncomingPaper"/>. Only the id and a title are required; any other field that is absent, null or of an
/// unexpected type simply stays null.
/// </summary>
internal static class HuggingFaceEntryMapper
{
    public static void Map(JsonElement entry, string where, DateOnly? queriedDate, ParseResultBuilder result)
    {
        result.MapSafely(entry, where, (e, w, r) => MapEntry(e, w, queriedDate, r));
    }

    private static void MapEntry(JsonElement entry, string where, DateOnly? queriedDate, ParseResultBuilder result)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            result.Skip(where, $"entry is a JSON {entry.ValueKind}, not an object");
            return;
        }

        if (Property(entry, "paper", JsonValueKind.Object) is not { } paper)
        {
            result.Skip(where, "entry has no \"paper\" object");
            return;
        }

        // The entry's own title stands in for a paper that lacks one.
        var rawTitle = TextNormalizer.CollapseToNull(String(paper, "title")) ?? String(entry, "title");
        if (!result.TryIdentify(where, String(paper, "id"), "paper.id", rawTitle, "paper.title (or title)", out var id, out var title)) return;

        result.Add(new IncomingPaper
        {
            Id = id,
            Title = title,
            Abstract = TextNormalizer.CollapseToNull(String(paper, "summary")) ?? TextNormalizer.CollapseToNull(String(entry, "summary")),
            Authors = ReadAuthors(paper),
            Organization = ReadOrganization(paper) ?? ReadOrganization(entry),
            PublishedAt = Timestamp(paper, "publishedAt"),
            ListedOn = ReadListedOn(entry, paper, queriedDate),
            Upvotes = Property(paper, "upvotes", JsonValueKind.Number) is { } upvotes && upvotes.TryGetInt32(out var count) ? count : null,
            GithubRepo = TextNormalizer.CollapseToNull(String(paper, "githubRepo")),
            ProjectPage = TextNormalizer.CollapseToNull(String(paper, "projectPage")),
            AiSummary = TextNormalizer.CollapseToNull(String(paper, "ai_summary")),
            AiKeywords = ReadStrings(paper, "ai_keywords"),
        }, $"{where} ({id})");
    }

    /// <summary>Byline order, leaving out authors Hugging Face marks hidden.</summary>
    private static List<string>? ReadAuthors(JsonElement paper)
    {
        if (Property(paper, "authors", JsonValueKind.Array) is not { } authors)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var author in authors.EnumerateArray())
        {
            if (author.ValueKind != JsonValueKind.Object
                || Property(author, "hidden", JsonValueKind.True) is not null
                || TextNormalizer.CollapseToNull(String(author, "name")) is not { } name)
            {
                continue;
            }

            names.Add(name);
        }

        return names;
    }

    private static Organization? ReadOrganization(JsonElement owner)
    {
        if (Property(owner, "organization", JsonValueKind.Object) is not { } organization
            || TextNormalizer.CollapseToNull(String(organization, "name")) is not { } name)
        {
            return null;
        }

        return new Organization(name, TextNormalizer.CollapseToNull(String(organization, "fullname")));
    }

    /// <summary>
    /// The day the paper was on Daily Papers: the corpus' own <c>_listedOn</c>, else the date the caller queried,
    /// else the day of <c>paper.submittedOnDailyAt</c>. Top-level <c>publishedAt</c> is not used: its meaning changed
    /// in 2025 (see tests/fixtures/hf-schema.md).
    /// </summary>
    private static DateOnly? ReadListedOn(JsonElement entry, JsonElement paper, DateOnly? queriedDate)
    {
        if (DateOnly.TryParseExact(String(entry, "_listedOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var listed))
        {
            return listed;
        }

        if (queriedDate is not null)
        {
            return queriedDate;
        }

        return Timestamp(paper, "submittedOnDailyAt") is { } submitted ? DateOnly.FromDateTime(submitted.UtcDateTime) : null;
    }

    private static List<string>? ReadStrings(JsonElement owner, string name)
    {
        if (Property(owner, name, JsonValueKind.Array) is not { } array)
        {
            return null;
        }

        return array.EnumerateArray()
            .Where(item => item.ValueKind == JsonValueKind.String)
            .Select(item => TextNormalizer.CollapseWhitespace(item.GetString()))
            .Where(text => text.Length > 0)
            .ToList();
    }

    private static DateTimeOffset? Timestamp(JsonElement owner, string name) => FeedValues.Timestamp(String(owner, name));

    private static string? String(JsonElement owner, string name) =>
        Property(owner, name, JsonValueKind.String)?.GetString();

    private static JsonElement? Property(JsonElement owner, string name, JsonValueKind kind) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == kind ? value : null;
}
