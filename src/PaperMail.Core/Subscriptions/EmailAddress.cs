using System.Globalization;
using MimeKit;

namespace PaperMail.Core.Subscriptions;

/// <summary>
/// A validated email address: <see cref="Display"/> as typed (domain in Unicode) and <see cref="Key"/>, the
/// case-insensitive comparison key (lower-cased, IDN domain in ASCII) that the store's <c>email_key</c> holds.
/// </summary>
public sealed record EmailAddress(string Display, string Key)
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaxLength = 254;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Parses a bare address (no display name, no angle brackets); null with a message on failure.</summary>
    public static EmailAddress? TryParse(string? text, out string? error)
    {
        text = text?.Trim() ?? "";
        error = null;
        if (text.Length == 0) { error = "Enter your email address."; return null; }
        if (text.Length > MaxLength) { error = $"An email address has at most {MaxLength} characters (this one has {text.Length})."; return null; }
        if (text.Any(char.IsControl)) { error = "The email address contains control characters."; return null; }
        if (text.Any(char.IsWhiteSpace) || text.Contains('<') || text.Contains('>') || text.Contains(','))
        {
            error = "Enter a single address such as name@example.org, without spaces or a name.";
            return null;
        }
        if (!MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox) || mailbox.Route.Count > 0
            || !string.IsNullOrEmpty(mailbox.Name) || string.IsNullOrEmpty(mailbox.LocalPart) || string.IsNullOrEmpty(mailbox.Domain))
        {
            error = "That does not look like an email address (expected name@example.org).";
            return null;
        }
        var domain = mailbox.Domain;
        string asciiDomain;
        try
        {
            asciiDomain = Idn.GetAscii(domain.TrimEnd('.'));
        }
        catch (ArgumentException)
        {
            error = "The domain of that email address is not valid.";
            return null;
        }
        if (!asciiDomain.Contains('.') || asciiDomain.StartsWith('[') )
        {
            error = "The domain of that email address is not valid (expected something like example.org).";
            return null;
        }
        var unicodeDomain = Idn.GetUnicode(asciiDomain);
        var key = $"{mailbox.LocalPart.ToLowerInvariant()}@{asciiDomain.ToLowerInvariant()}";
        if (key.Length > MaxLength) { error = $"An email address has at most {MaxLength} characters."; return null; }
        return new EmailAddress($"{mailbox.LocalPart}@{unicodeDomain}", key);
    }
}
