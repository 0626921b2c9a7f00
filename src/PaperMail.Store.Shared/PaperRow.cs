using System.Reflection;
using System.Text.Json;
using Dapper;
using PaperMail.Core.Papers;

namespace PaperMail.Store.Shared;

/// <summary>
/// The papers table's row shape, and its conversion to and from <see cref="Paper"/>. The properties are the column
/// list: <see cref="Columns"/> and <see cref="UpsertSql"/> are built from them, so a new column is one property here
/// plus its line in <see cref="ToPaper"/> and <see cref="From"/>.
/// </summary>
internal sealed class PaperRow
{
    /// <summary>Every column, <c>id</c> first, in snake_case (Dapper maps them back: see <see cref="StoreMapping"/>).</summary>
    public static readonly string Columns = string.Join(", ", ColumnNames());

    /// <summary>
    /// Inserts a row, or overwrites every column of the stored one but <c>id</c> and <c>first_seen_at</c> (the merge
    /// has already decided each value). The same SQL on SQLite and PostgreSQL.
    /// </summary>
    public static readonly string UpsertSql = $"""
        INSERT INTO papers ({Columns})
        VALUES ({string.Join(", ", Properties.Select(p => "@" + p.Name))})
        ON CONFLICT (id) DO UPDATE SET
            {string.Join(", ", ColumnNames().Except(["id", "first_seen_at"]).Select(c => $"{c} = excluded.{c}"))}
        """;

    private static PropertyInfo[] Properties => typeof(PaperRow).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private static IEnumerable<string> ColumnNames() =>
        Properties.Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Abstract { get; set; } = "";
    public string Authors { get; set; } = "[]";
    public string? OrgName { get; set; }
    public string? OrgDisplayName { get; set; }
    public long? PublishedAt { get; set; }
    public string? ListedOn { get; set; }
    public long? Upvotes { get; set; }
    public string? GithubRepo { get; set; }
    public string? ProjectPage { get; set; }
    public string? AiSummary { get; set; }
    public string AiKeywords { get; set; } = "[]";
    public string Categories { get; set; } = "[]";
    public string Sources { get; set; } = "[]";
    public long FirstSeenAt { get; set; }
    public long ChangedAt { get; set; }
    public long ChangeSeq { get; set; }

    public Paper ToPaper() => new()
    {
        Id = Id,
        Title = Title,
        Abstract = Abstract,
        Authors = List(Authors),
        Organization = OrgName is null ? null : new Organization(OrgName, OrgDisplayName),
        PublishedAt = PublishedAt is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null,
        ListedOn = ListedOn is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
        Upvotes = Upvotes is { } u ? (int)u : null,
        GithubRepo = GithubRepo,
        ProjectPage = ProjectPage,
        AiSummary = AiSummary,
        AiKeywords = List(AiKeywords),
        Categories = List(Categories),
        Sources = List(Sources),
        FirstSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(FirstSeenAt),
        ChangedAt = DateTimeOffset.FromUnixTimeMilliseconds(ChangedAt),
        ChangeSeq = ChangeSeq,
    };

    public static PaperRow From(Paper p) => new()
    {
        Id = p.Id,
        Title = p.Title,
        Abstract = p.Abstract,
        Authors = Json(p.Authors),
        OrgName = p.Organization?.Name,
        OrgDisplayName = p.Organization?.DisplayName,
        PublishedAt = p.PublishedAt?.ToUnixTimeMilliseconds(),
        ListedOn = p.ListedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Upvotes = p.Upvotes,
        GithubRepo = p.GithubRepo,
        ProjectPage = p.ProjectPage,
        AiSummary = p.AiSummary,
        AiKeywords = Json(p.AiKeywords),
        Categories = Json(p.Categories),
        Sources = Json(p.Sources),
        FirstSeenAt = p.FirstSeenAt.ToUnixTimeMilliseconds(),
        ChangedAt = p.ChangedAt.ToUnixTimeMilliseconds(),
        ChangeSeq = p.ChangeSeq,
    };

    private static string[] List(string json) => JsonSerializer.Deserialize(json, StoreJson.Default.StringArray) ?? [];

    private static string Json(IReadOnlyList<string> list) => JsonSerializer.Serialize(list as string[] ?? [.. list], StoreJson.Default.StringArray);
}
