using System.Globalization;
using PaperMail.Core.Digests;

namespace PaperMail.Core.Scheduling;

/// <summary>
/// The digest periods due now for the subscribers of one time zone. <paramref name="TimeZone"/> null stands for the
/// subscribers who chose no zone (the operator's, <see cref="DigestOptions.TimeZone"/>, applies to them).
/// </summary>
public sealed record DuePeriods(string? TimeZone, string? Daily, string? Weekly)
{
    /// <summary>For callers that plan one period for every subscriber whatever their zone.</summary>
    public bool Everyone { get; init; }
}

/// <summary>
/// When a subscriber's digest is due, in their own time zone: daily from <see cref="DigestOptions.SendHourUtc"/>
/// o'clock on their wall clock, once per local day; weekly from that hour on <see cref="DigestOptions.WeeklyDay"/>,
/// once per ISO week of their calendar. The period key is the local date (<c>2026-03-29</c>) or ISO week
/// (<c>2026-W13</c>), so a day with 23 or 25 hours still has exactly one key: when the clocks jump over the send hour,
/// the first run after the jump finds the digest due; when an hour repeats, the key is already taken.
/// </summary>
public static class SubscriberSendSchedule
{
    /// <summary>The due periods of each zone (zones with nothing due are left out).</summary>
    public static IReadOnlyList<DuePeriods> Due(DateTimeOffset now, DigestOptions options, IEnumerable<string?> zones)
    {
        var operatorZone = TimeZoneName.Find(options.TimeZone) ?? TimeZoneInfo.Utc;
        var due = new List<DuePeriods>();
        foreach (var name in zones.Distinct())
        {
            // A zone no longer in the system's database (removed by a tzdata update) falls back to the operator's.
            var zone = name is null ? operatorZone : TimeZoneName.Find(name) ?? operatorZone;
            var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
            var (daily, weekly) = (DailyPeriod(local, options.SendHourUtc), WeeklyPeriod(local, options.SendHourUtc, options.WeeklyDay));
            if (daily is not null || weekly is not null) due.Add(new DuePeriods(name, daily, weekly));
        }
        return due;
    }

    /// <summary>Today's key on the wall clock <paramref name="local"/> if the send hour has come, else null.</summary>
    public static string? DailyPeriod(DateTime local, int sendHour) =>
        local.Hour >= sendHour ? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    /// <summary>This ISO week's key on the wall clock <paramref name="local"/> if its send moment has come, else null.</summary>
    public static string? WeeklyPeriod(DateTime local, int sendHour, DayOfWeek weeklyDay)
    {
        var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        var sendAt = monday.AddDays(((int)weeklyDay + 6) % 7).AddHours(sendHour);
        if (local < sendAt) return null;
        return $"{ISOWeek.GetYear(local):D4}-W{ISOWeek.GetWeekOfYear(local):D2}";
    }
}
