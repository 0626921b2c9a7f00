using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperMail.Core.Bounces;

/// <summary>An RFC 3463 enhanced status code of a failure, <c>class.subject.detail</c> (e.g. 5.1.1: bad destination mailbox); success codes (2.x.x) are not looked for.</summary>
public readonly partial record struct EnhancedStatusCode(int Class, int Subject, int Detail)
{
    public bool IsPermanent => Class == 5;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Class}.{Subject}.{Detail}");

    /// <summary>The code as written (<c>5.1.1</c>), or the first one found in a server's reply text.</summary>
    public static EnhancedStatusCode? Find(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var match = Pattern().Match(text);
        if (!match.Success) return null;
        return new EnhancedStatusCode(
            int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture));
    }

    // Not preceded by a digit or dot, so an IP address or a version number is not read as a code.
    [GeneratedRegex(@"(?<![\d.])([45])\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
