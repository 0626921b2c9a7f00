using System.Text;

namespace PaperMail.Core.Papers;

/// <summary>
/// Removes what XML 1.0 cannot carry (control characters other than tab, line feed and carriage return; U+FFFE and
/// U+FFFF; unpaired surrogates). A feed title holding U+0001 would otherwise stop every Atom feed it appears in.
/// </summary>
public static class XmlSafeText
{
    public static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!Allowed(text, i, out var width)) return false;
            i += width - 1;
        }
        return true;
    }

    public static string Clean(string text)
    {
        if (IsClean(text)) return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (Allowed(text, i, out var width)) builder.Append(text, i, width);
            i += width - 1;
        }
        return builder.ToString();
    }

    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    private static bool Allowed(string text, int i, out int width)
    {
        width = 1;
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 2;
                return true;
            }
            return false;
        }
        if (char.IsLowSurrogate(c)) return false;
        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
    }
}
