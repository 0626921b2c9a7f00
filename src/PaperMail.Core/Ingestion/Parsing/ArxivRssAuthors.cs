using System.Text;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Splits arXiv RSS <c>dc:creator</c> text ("A, B and C", names optionally followed by "(affiliation, city)") into
/// author names. Affiliations are dropped: commas inside them must not split names, and they are not names.
/// </summary>
internal static class ArxivRssAuthors
{
    public static List<string> Split(string? creator)
    {
        var names = new List<string>();
        if (string.IsNullOrWhiteSpace(creator))
        {
            return names;
        }

        var current = new StringBuilder();
        var depth = 0;
        foreach (var c in creator)
        {
            switch (c)
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' or ';' when depth == 0:
                    AddNames(current.ToString(), names);
                    current.Clear();
                    break;
                default:
                    if (depth == 0)
                    {
                        current.Append(c);
                    }

                    break;
            }
        }

        AddNames(current.ToString(), names);
        return names;
    }

    /// <summary>One comma-separated piece: "B and C", "and C" (Oxford comma) or just "B".</summary>
    private static void AddNames(string piece, List<string> names)
    {
        var text = TextNormalizer.CollapseWhitespace(piece);
        if (text.StartsWith("and ", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        foreach (var part in text.Split(" and ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            names.Add(part);
        }
    }
}
