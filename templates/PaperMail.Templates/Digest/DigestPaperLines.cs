using System.Globalization;
using System.Runtime.CompilerServices;
using PaperMail.Core.Digests;

namespace PaperMail.Templates.Digest;

/// <summary>
/// The lines of a paper that both digest templates print, worked out once per digest: the HTML and the text part
/// each formatted them before, for every paper of every digest.
/// </summary>
public sealed class DigestPaperLines(DigestPaper paper, string queries, string matchedTerms, int queryAlertCount = 0)
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private string? _meta;

    public DigestPaper Paper { get; } = paper;

    /// <summary>The query alerts that matched the paper.</summary>
    public string Queries { get; } = queries;

    public string MatchedTerms { get; } = matchedTerms;

    public int QueryAlertCount { get; } = queryAlertCount;

    /// <summary>
    /// The line under the title. Worked out only when the paper is rendered: a digest whose paper blocks were rendered
    /// for an earlier digest (<see cref="DigestPaperBlocks"/>) never needs it.
    /// </summary>
    public string Meta => _meta ??= FormatMeta(Paper);

    public static DigestPaperLines For(DigestPaper paper)
    {
        // Top alerts say why through the paper's rank; the query alerts that matched it are named with their words.
        var queryAlerts = paper.Alerts.Count(a => a.TopN is null);
        return new(
            paper,
            queryAlerts == paper.Alerts.Count && queryAlerts == 1 ? paper.Alerts[0].Query : string.Join(" · ", paper.Alerts.Where(a => a.TopN is null).Select(a => a.Query)),
            paper.MatchedTerms.Count == 1 ? paper.MatchedTerms[0] : string.Join(", ", paper.MatchedTerms),
            queryAlerts);
    }

    /// <summary>The plain-text "Why:" line: the rank a top alert saw, and the query alerts that matched.</summary>
    public string WhyText
    {
        get
        {
            var trend = Paper.Trend?.ToString();
            var matched = QueryAlertCount == 0 ? null : $"{Queries} (matched {MatchedTerms})";
            return trend is null ? matched ?? "" : matched is null ? trend : $"{trend}; {matched}";
        }
    }

    /// <summary>
    /// Authors · organisation · date ("5 Mar 2026") · upvotes, leaving out what the paper lacks. The date is put
    /// together by hand: a custom format string would be parsed again for every paper of every digest.
    /// </summary>
    private static string FormatMeta(DigestPaper paper)
    {
        var p = paper.Paper;
        var date = p.ListedOn?.ToDateTime(TimeOnly.MinValue) ?? p.PublishedAt?.UtcDateTime;
        var line = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        var separator = "";
        if (paper.AuthorLine.Length > 0)
        {
            line.AppendLiteral(paper.AuthorLine);
            separator = " · ";
        }

        if (p.Organization is { } org)
        {
            line.AppendLiteral(separator);
            line.AppendLiteral(org.DisplayName ?? org.Name);
            separator = " · ";
        }

        if (date is { } day)
        {
            line.AppendLiteral(separator);
            line.AppendFormatted(day.Day);
            line.AppendLiteral(" ");
            line.AppendLiteral(Months[day.Month - 1]);
            line.AppendLiteral(" ");
            line.AppendFormatted(day.Year);
            separator = " · ";
        }

        if (p.Upvotes is { } up)
        {
            line.AppendLiteral(separator);
            line.AppendFormatted(up);
            line.AppendLiteral(up == 1 ? " upvote" : " upvotes");
        }

        return line.ToStringAndClear();
    }
}
