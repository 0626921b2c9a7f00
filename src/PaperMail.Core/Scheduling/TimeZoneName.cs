namespace PaperMail.Core.Scheduling;

/// <summary>
/// IANA time-zone names (<c>Europe/Berlin</c>) as a subscriber or the operator gives them: checked against the
/// system's time-zone database, so a name that is unknown here is refused rather than silently read as UTC.
/// </summary>
public static class TimeZoneName
{
    public const int MaxLength = 64;

    /// <summary>The zone of an IANA name, or null for anything else (empty, too long, a Windows id, unknown).</summary>
    public static TimeZoneInfo? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxLength) return null;
        // Only the characters IANA names use: keeps odd input away from the system's lookup.
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')) return null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) || !zone.HasIanaId) return null;
        return zone;
    }

    /// <summary>A posted zone: null when left empty (the operator's zone applies), else the name or an error.</summary>
    public static string? Validate(string? name, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(name)) return null;
        var trimmed = name.Trim();
        if (Find(trimmed) is null)
        {
            error = "Choose a time zone from the list (such as Europe/Berlin).";
            return null;
        }
        return trimmed;
    }

    /// <summary>Every IANA zone this system knows, sorted by name, for the form's list.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId && z.Id.Contains('/', StringComparison.Ordinal)).Select(z => z.Id)
            .Append("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
