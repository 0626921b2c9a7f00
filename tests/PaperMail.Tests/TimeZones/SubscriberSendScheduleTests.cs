using PaperMail.Core.Digests;
using PaperMail.Core.Scheduling;

namespace PaperMail.Tests.TimeZones;

public class SubscriberSendScheduleTests
{
    private static readonly DigestOptions Options = new() { SendHourUtc = 7, WeeklyDay = DayOfWeek.Monday, TimeZone = "Europe/Berlin" };

    [Fact]
    public void EachZoneHasItsOwnLocalDateAndSubscribersWithoutAZoneFollowTheOperators()
    {
        // 06:30 UTC on Tuesday 1 December 2026: 07:30 in Berlin (due), 01:30 in New York and 06:30 in UTC (not yet), 15:30
        // in Tokyo (due). Monday 07:00 of week 49 has passed everywhere, so the weekly digest is due in every zone.
        var now = new DateTimeOffset(2026, 12, 1, 6, 30, 0, TimeSpan.Zero);

        var due = SubscriberSendSchedule.Due(now, Options, [null, "America/New_York", "Asia/Tokyo", "UTC"]);

        Assert.Equal(
            [
                new DuePeriods(null, "2026-12-01", "2026-W49"), new DuePeriods("America/New_York", null, "2026-W49"),
                new DuePeriods("Asia/Tokyo", "2026-12-01", "2026-W49"), new DuePeriods("UTC", null, "2026-W49"),
            ],
            due);
    }

    [Fact]
    public void BeforeTheWeeklyDayNothingWeeklyIsDue()
    {
        // Sunday 29 November 2026, 23:30 in Berlin: Monday 07:00 of week 48 has passed, week 49 has not begun there.
        var now = new DateTimeOffset(2026, 11, 29, 22, 30, 0, TimeSpan.Zero);

        Assert.Equal([new DuePeriods(null, "2026-11-29", "2026-W48")], SubscriberSendSchedule.Due(now, Options, [null]));
        // Monday 30 November 06:59 in Berlin: neither today's nor week 49's digest yet.
        Assert.Empty(SubscriberSendSchedule.Due(new DateTimeOffset(2026, 11, 30, 5, 59, 0, TimeSpan.Zero), Options, [null]));
    }

    [Fact]
    public void LateInTheEveningWestOfUtcItIsStillYesterdaysDigest()
    {
        // 02:00 UTC on Monday 7 December 2026 is 21:00 on Sunday the 6th in New York: Sunday's digest, week 49's.
        var now = new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

        var due = Assert.Single(SubscriberSendSchedule.Due(now, Options, ["America/New_York"]));

        Assert.Equal(new DuePeriods("America/New_York", "2026-12-06", "2026-W49"), due);
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData(" America/New_York ", "America/New_York")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void AKnownZoneOrNothingIsAccepted(string? posted, string? stored)
    {
        Assert.Equal(stored, TimeZoneName.Validate(posted, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/../../etc/passwd")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("<script>")]
    public void AnUnknownOrOddZoneIsRefusedWithAMessage(string posted)
    {
        Assert.Null(TimeZoneName.Validate(posted, out var error));
        Assert.Equal("Choose a time zone from the list (such as Europe/Berlin).", error);
    }
}
