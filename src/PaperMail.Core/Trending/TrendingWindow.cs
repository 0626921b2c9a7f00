using System.Globalization;
using PaperMail.Core.Digests;

namespace PaperMail.Core.Trending;

/// <summary>
/// The listing days a trending selection ranks: one day or seven, inclusive. A day is a paper's Hugging Face listing day
/// where known, else the UTC day PaperMail first saw it.
/// </summary>
public readonly record struct TrendingWindow(DateOnly From, DateOnly To)
{
    public bool IsWeek => To.DayNumber - From.DayNumber >= 6;

    /// <summary>"day" or "week", as the reasons in a digest say it ("#3 of the day").</summary>
    public string Noun => IsWeek ? "week" : "day";

    public static TrendingWindow Day(DateOnly day) => new(day, day);

    /// <summary>The seven days ending with <paramref name="last"/> (fewer in the calendar's first week).</summary>
    public static TrendingWindow WeekEnding(DateOnly last) => new(Shift(last, -6), last);

    /// <summary>
    /// <paramref name="day"/> moved by <paramref name="days"/>, held within the calendar: a feed's listing day or a link's
    /// day may be 0001-01-01 or 9999-12-31, and <see cref="DateOnly.AddDays"/> throws past them.
    /// </summary>
    public static DateOnly Shift(DateOnly day, int days) =>
        DateOnly.FromDayNumber(Math.Clamp(day.DayNumber + days, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber));

    /// <summary>
    /// What the digest of a daily period ranks: the day before the send day. That day's listing is complete by the send
    /// hour, and its papers have had a day to collect upvotes; the ranking uses the counts of the moment it is planned.
    /// </summary>
    public static TrendingWindow ForDailyPeriod(string period) =>
        Day(DateOnly.ParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-1));

    /// <summary>
    /// What the digest of a weekly period (<c>2026-W48</c>) ranks: the seven days before that week's send day, so
    /// consecutive weekly digests cover every day once.
    /// </summary>
    public static TrendingWindow ForWeeklyPeriod(string period, DigestOptions options)
    {
        var year = int.Parse(period.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var week = int.Parse(period.AsSpan(6), CultureInfo.InvariantCulture);
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        var sendDay = monday.AddDays(((int)options.WeeklyDay + 6) % 7);
        return WeekEnding(sendDay.AddDays(-1));
    }
}
