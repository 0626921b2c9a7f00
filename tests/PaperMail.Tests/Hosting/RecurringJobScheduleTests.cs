using PaperMail.Tests.Support;

namespace PaperMail.Tests.Hosting;

/// <summary>Every feature's recurring job is registered through one helper: a cron it cannot read names its setting.</summary>
[Collection(nameof(AppCollection))]
public sealed class RecurringJobScheduleTests
{
    [Theory]
    [InlineData("PaperMail:Schedules:Match")]
    [InlineData("PaperMail:Schedules:Digest")]
    [InlineData("PaperMail:Schedules:Housekeeping")]
    [InlineData("PaperMail:Semantic:Schedule")]
    public async Task AScheduleThatIsNoCronStopsStartUpNamingItsKey(string key)
    {
        await using var app = new PaperMailApp().With("PaperMail:Semantic:Enabled", "true").With(key, "every morning");

        var error = Record.Exception(() => app.Services);

        Assert.NotNull(error);
        Assert.Contains($"{key} is not a valid cron expression ('every morning')", error.ToString());
    }
}
