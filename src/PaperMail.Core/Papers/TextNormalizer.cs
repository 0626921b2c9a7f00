using System.Text;

namespace PaperMail.Core.Papers;

/// <summary>Text clean-up shared by every source, so the same paper compares equal whichever feed it came from.</summary>
public static class TextNormalizer
{
    /// <summary>
    /// Turns every run of Unicode whitespace (including arXiv's <c>"\n  "</c> hard wraps and no-break spaces) into one
    /// space and trims the ends.
    /// </summary>
    public static string CollapseWhitespace(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Collapsed text, or null when nothing but whitespace is left.</summary>
    public static string? CollapseToNull(string? text)
    {
        var collapsed = CollapseWhitespace(text);
        return collapsed.Length == 0 ? null : collapsed;
    }
}
