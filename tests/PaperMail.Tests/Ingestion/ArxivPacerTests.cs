using Microsoft.Extensions.Time.Testing;
using PaperMail.Web.Ingestion;

namespace PaperMail.Tests.Ingestion;

public class ArxivPacerTests
{
    [Theory]
    [InlineData("https://export.arxiv.org/api/query?id_list=1", true)]
    [InlineData("https://rss.arxiv.org/rss/cs.CL", true)]
    [InlineData("https://arxiv.org/abs/2408.07055", true)]
    [InlineData("https://huggingface.co/api/daily_papers", false)]
    [InlineData("https://notarxiv.org/feed", false)]
    [InlineData("http://127.0.0.1:5000/files/x.xml", false)]
    public void OnlyArxivHostsArePaced(string url, bool paced) =>
        Assert.Equal(paced, ArxivPacer.AppliesTo(new Uri(url)));

    [Fact]
    public async Task ASecondRequestWaitsUntilThreeSecondsAfterTheFirst()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var pacer = new ArxivPacer(TimeSpan.FromSeconds(3), clock);

        await pacer.WaitTurnAsync(CancellationToken.None); // the first goes at once
        var second = pacer.WaitTurnAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(second.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ARequestAfterTheIntervalGoesAtOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var pacer = new ArxivPacer(TimeSpan.FromSeconds(3), clock);
        await pacer.WaitTurnAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));

        var next = pacer.WaitTurnAsync(CancellationToken.None);

        Assert.True(next.IsCompletedSuccessfully);
    }
}
