using System.Text;

namespace PaperMail.Tests.Matching;

/// <summary>Turns corpus text into safe query terms for the query generators.</summary>
internal static class GeneratedTerms
{
    /// <summary>A bare word must not read as OR or start an exclusion; hyphenated words stay (they become phrases).</summary>
    public static string Word(string text)
    {
        var word = text.Replace(' ', '-').Trim('-');
        return word is "" or "OR" ? "model" : word;
    }

    /// <summary>Keeps letters, digits, hyphens and single spaces: no quotes, parentheses or colons in generated terms.</summary>
    public static string Clean(string text)
    {
        var clean = new StringBuilder();
        foreach (char c in text) clean.Append(char.IsLetterOrDigit(c) || c == '-' ? c : ' ');
        var result = string.Join(' ', clean.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return result.Length == 0 ? "model" : result;
    }
}
