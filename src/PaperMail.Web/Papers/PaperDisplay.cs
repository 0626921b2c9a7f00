using System.Globalization;
using PaperMail.Core.Digests;
using PaperMail.Core.Papers;

namespace PaperMail.Web.Papers;

/// <summary>How the browse pages print a paper's parts; every value is still HTML-encoded by Razor where it is written.</summary>
public static class PaperDisplay
{
    public const int AuthorsShown = 3;

    /// <summary>"Ada Lovelace, Alan Turing, Grace Hopper and 4 more".</summary>
    public static string Authors(IReadOnlyList<string> authors) => authors.Count <= AuthorsShown
        ? string.Join(", ", authors)
        : $"{string.Join(", ", authors.Take(AuthorsShown))} and {authors.Count - AuthorsShown} more";

    public static string? Organization(Paper paper) => paper.Organization is { } o ? o.DisplayName ?? o.Name : null;

    public static string Date(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string IsoDay(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The day the paper counts for: its listing day, else the day it was first seen.</summary>
    public static DateOnly Day(Paper paper) => paper.ListedOn ?? DateOnly.FromDateTime(paper.FirstSeenAt.UtcDateTime);

    public static string Excerpt(Paper paper) => DigestComposer.Excerpt(paper with { AiSummary = null });

    /// <summary>A link from a feed, only when it is http(s): anything else (javascript:, data:) is not printed as a link.</summary>
    public static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    /// <summary>The subscription form filled with a query alert.</summary>
    public static string FormLink(string query) => $"/?kind=query&q={Uri.EscapeDataString(query)}#query";

    public static string PaperLink(string id) => $"/papers/{string.Join('/', id.Split('/').Select(Uri.EscapeDataString))}";
}
