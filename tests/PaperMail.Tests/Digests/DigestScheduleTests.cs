using PaperMail.Core.Digests;

namespace PaperMail.Tests.Digests;

public class DigestScheduleTests
{
    private static readonly DigestOptions Defaults = new(); // 07:00 UTC, weekly on Monday

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-30T06:59:59Z", null)]
    [InlineData("2026-11-30T07:00:00Z", "2026-11-30")]
    [InlineData("2026-11-30T23:59:00Z", "2026-11-30")]
    [InlineData("2026-12-01T02:00:00+05:00", "2026-11-30")] // 21:00 UTC on the 30th: days are UTC days
    public void ADailyDigestIsDueOnceItsHourHasPassedThatUtcDay(string now, string? expected) =>
        Assert.Equal(expected, DigestSchedule.DueDailyPeriod(Utc(now), Defaults));

    [Theory]
    [InlineData("2026-11-29T12:00:00Z", "2026-W48")]  // Sunday: that week's Monday send has passed
    [InlineData("2026-11-30T06:00:00Z", null)]        // Monday of week 49, before 07:00
    [InlineData("2026-11-30T07:00:00Z", "2026-W49")]  // Monday 07:00
    [InlineData("2026-12-02T10:00:00Z", "2026-W49")]  // missed Monday: still due later in the week
    public void AWeeklyDigestIsDueFromItsDayAndHourUntilTheWeekEnds(string now, string? expected) =>
        Assert.Equal(expected, DigestSchedule.DueWeeklyPeriod(Utc(now), Defaults));

    [Fact]
    public void TheWeeklyDayAndHourAreConfigurable()
    {
        var friday = new DigestOptions { WeeklyDay = DayOfWeek.Friday, SendHourUtc = 18 };

        Assert.Null(DigestSchedule.DueWeeklyPeriod(Utc("2026-12-04T17:59:00Z"), friday));
        Assert.Equal("2026-W49", DigestSchedule.DueWeeklyPeriod(Utc("2026-12-04T18:00:00Z"), friday));
        Assert.Equal("2026-W49", DigestSchedule.DueWeeklyPeriod(Utc("2026-12-06T23:00:00Z"), friday));
    }

    [Fact]
    public void TheIsoWeekYearIsUsedAcrossNewYear() =>
        Assert.Equal("2026-W53", DigestSchedule.DueWeeklyPeriod(Utc("2027-01-01T12:00:00Z"), Defaults));
}
