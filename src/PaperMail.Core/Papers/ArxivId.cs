using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace PaperMail.Core.Papers;

/// <summary>
/// arXiv identifiers. PaperMail keys papers by the id without version, so every source spelling
/// (<c>2408.07055v2</c>, abs/pdf URLs, OAI ids, <c>arXiv:</c> prefixes, old-style <c>astro-ph/0601001</c>) maps to one key.
/// </summary>
public static partial class ArxivId
{
    // Longest real id is old-style with subject class, e.g. "cond-mat.str-el/0601001v12"; anything far longer is not an id.
    private const int MaxRawLength = 300;

    private static readonly string[] UrlPathPrefixes = ["abs/", "pdf/", "html/", "format/"];

    /// <summary>Reads an arXiv id without its version from any common spelling; false for anything else.</summary>
    public static bool TryNormalize(string? raw, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > MaxRawLength)
        {
            return false;
        }

        var candidate = StripPrefixes(raw.Trim());
        if (candidate is null)
        {
            return false;
        }

        var match = NewStyle().Match(candidate);
        if (match.Success && IsValidMonth(match.Groups["yymm"].Value))
        {
            id = match.Groups["id"].Value;
            return true;
        }

        match = OldStyle().Match(candidate);
        if (match.Success)
        {
            id = match.Groups["id"].Value;
            return true;
        }

        return false;
    }

    /// <summary>Removes URL, OAI and <c>arXiv:</c> wrappers; null when the text is a URL that is not an arXiv paper URL.</summary>
    private static string? StripPrefixes(string text)
    {
        if (text.StartsWith("oai:arXiv.org:", StringComparison.OrdinalIgnoreCase))
        {
            return text["oai:arXiv.org:".Length..];
        }

        if (text.StartsWith("arXiv:", StringComparison.OrdinalIgnoreCase))
        {
            return text["arXiv:".Length..];
        }

        if (text.StartsWith("arxiv.org/", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("www.arxiv.org/", StringComparison.OrdinalIgnoreCase))
        {
            text = "https://" + text; // pasted without a scheme
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            return text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !IsArxivHost(uri.Host))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimStart('/').TrimEnd('/');
        foreach (var prefix in UrlPathPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var rest = path[prefix.Length..];
                return rest.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? rest[..^4] : rest;
            }
        }

        return null;
    }

    private static bool IsArxivHost(string host) =>
        host.Equals("arxiv.org", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".arxiv.org", StringComparison.OrdinalIgnoreCase);

    private static bool IsValidMonth(string yymm) => int.TryParse(yymm.AsSpan(2, 2), out var month) && month is >= 1 and <= 12;

    // New style since 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN (from 2015), optional version.
    [GeneratedRegex(@"^(?<id>(?<yymm>\d{4})\.\d{4,5})(v\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NewStyle();

    // Old style before 2007: archive[.SUBJECT-CLASS]/YYMMNNN, optional version (astro-ph/0601001, math.GT/0309136).
    [GeneratedRegex(@"^(?<id>[a-z]+(-[a-z]+)*(\.[A-Za-z-]+)?/\d{7})(v\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OldStyle();
}
