using System.Globalization;
using System.Runtime.CompilerServices;
using PaperMail.Core.Digests;

namespace PaperMail.Templates.Digest;

/// <summary>
/// The lines of a paper that both digest templates print, worked out once per digest: the HTML and the text part
/// each formatted them before, for every paper of every digest.
/// </summary>
public sealed record DigestPaperLines(DigestPaper Paper, string Meta, string Queries, string MatchedTerms)
{
    public static DigestPaperLines For(DigestPaper paper) => new(
        paper,
        FormatMeta(paper),
        paper.Alerts.Count == 1 ? paper.Alerts[0].Query : string.Join(" · ", paper.Alerts.Select(a => a.Query)),
        string.Join(", ", paper.MatchedTerms));

    /// <summary>Authors · organisation · date · upvotes, leaving out what the paper lacks.</summary>
    public static string FormatMeta(DigestPaper paper)
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
            line.AppendFormatted(day, "d MMM yyyy");
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
