using System.Globalization;

namespace PaperMail.Core.Digests;

/// <summary>
/// Which period's digest is due now. A period is due once its send moment has passed: the day at
/// <see cref="DigestOptions.SendHourUtc"/> for daily digests, the ISO week's <see cref="DigestOptions.WeeklyDay"/> at that
/// hour for weekly ones. A run that was missed (the server was down at 07:00) still sends later the same day or week.
/// </summary>
public static class DigestSchedule
{
    /// <summary>
    /// How long a match waits to be mailed. A digest is daily or weekly and a failed one is retried for hours, so an
    /// older match is stale news (an alert paused for months does not flood the inbox with old papers when resumed).
    /// The bound also keeps planning, which runs every 15 minutes, from reading each subscriber's whole match history.
    /// </summary>
    public static readonly TimeSpan MatchesExpireAfter = TimeSpan.FromDays(30);

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
