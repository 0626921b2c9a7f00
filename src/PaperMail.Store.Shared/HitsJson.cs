using System.Text.Json;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Store.Shared;

/// <summary>The hits column: <c>[{"term":"…","fields":"Title, Abstract"}]</c>, readable in the database too.</summary>
internal static class HitsJson
{
    private sealed record Hit(string Term, string Fields);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(IReadOnlyList<TermHit> hits) =>
        JsonSerializer.Serialize(hits.Select(h => new Hit(h.Term, h.Fields.ToString())), Options);

    public static IReadOnlyList<TermHit> Read(string json) =>
        [.. (JsonSerializer.Deserialize<Hit[]>(json, Options) ?? []).Select(h =>
            new TermHit(h.Term, Enum.TryParse<MatchFields>(h.Fields, out var f) ? f : MatchFields.None))];
}
