namespace PaperMail.Core.Subscriptions;

/// <summary>How often a subscriber gets a digest. Stored as lower-case text (<c>daily</c>, <c>weekly</c>).</summary>
public enum DigestFrequency
{
    Daily,
    Weekly,
}

public static class DigestFrequencyText
{
    public static string ToText(this DigestFrequency frequency) => frequency == DigestFrequency.Daily ? "daily" : "weekly";

    public static bool TryParse(string? text, out DigestFrequency frequency)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "daily": frequency = DigestFrequency.Daily; return true;
            case "weekly": frequency = DigestFrequency.Weekly; return true;
            default: frequency = DigestFrequency.Weekly; return false;
        }
    }
}
