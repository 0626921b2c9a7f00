using System.Globalization;

namespace PaperMail.Core.Digests;

/// <summary>
/// Which period's digest is due now. A period is due once its send moment has passed: the day at
/// <see cref="DigestOptions.SendHourUtc"/> for daily digests, the ISO week's <see cref="DigestOptions.WeeklyDay"/> at that
/// hour for weekly ones. A run that was missed (the server was down at 07:00) still sends later the same day or week.
/// </summary>
public static class DigestSchedule
{
    /// <summary>The daily period key (<c>2026-11-29</c>) if today's digest is due, else null.</summary>
    public static string? DueDailyPeriod(DateTimeOffset now, DigestOptions options)
    {
        var utc = now.UtcDateTime;
        return utc.Hour >= options.SendHourUtc ? utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The weekly period key (<c>2026-W48</c>, ISO week) if this week's digest is due, else null.</summary>
    public static string? DueWeeklyPeriod(DateTimeOffset now, DigestOptions options)
    {
        var utc = now.UtcDateTime;
        var monday = utc.Date.AddDays(-(((int)utc.DayOfWeek + 6) % 7));
        var sendAt = monday.AddDays(((int)options.WeeklyDay + 6) % 7).AddHours(options.SendHourUtc);
        if (utc < sendAt) return null;
        return $"{ISOWeek.GetYear(utc):D4}-W{ISOWeek.GetWeekOfYear(utc):D2}";
    }
}
