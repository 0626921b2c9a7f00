using System.Globalization;

namespace PaperMail.Core.Admin;

/// <summary>
/// The form of an address that <c>subscribers.email_key</c> holds: trimmed, lower-cased, domain in ASCII (IDN).
/// </summary>
public static class EmailKey
{
    private static readonly IdnMapping Idn = new();

    public static string From(string email)
    {
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1) return trimmed.ToLowerInvariant();
        var domain = trimmed[(at + 1)..];
        try
        {
            domain = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            // Not a valid domain name: compare it as typed; it simply will not match a stored key.
        }
        return (trimmed[..at] + "@" + domain).ToLowerInvariant();
    }
}
