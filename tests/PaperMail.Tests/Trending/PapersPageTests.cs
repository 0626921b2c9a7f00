using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Trending;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Trending;

/// <summary>
/// <c>/papers</c> and <c>/papers/{id}</c> over real HTTP, with recorded Hugging Face days ingested through the real source.
/// 11 October is served with the 13 papers of the 1 November recording; 10 October is its own 46.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed partial class PapersPageTests
{
    private static async Task<TrendingTestBed> StartAsync(Action<IServiceCollection>? services = null)
    {
        var bed = await TrendingTestBed.StartAsync(new DateTimeOffset(2024, 10, 11, 8, 0, 0, TimeSpan.Zero), services: services);
        bed.ServeDayFrom("2024-10-11", ("2024-11-01", []));
        await bed.IngestAsync();
        return bed;
    }

    private static List<string> ListedIds(string html) => [.. PaperItem().Matches(html).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task ThePapersPageListsTheLatestDayRankedByUpvotesAndMayBeCached()
    {
        await using var bed = await StartAsync();

        var response = await bed.App.CreateClient().GetAsync("/papers");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.Contains("Set-Cookie"), "a page shared by caches sets no cookie");
        Assert.Contains("<h1>Top papers of 11 Oct 2024</h1>", html);
        var ids = ListedIds(html);
        Assert.Equal(13, ids.Count);
        Assert.Equal(["2410.22366", "2410.23743", "2410.22476", "2410.23933", "2410.24175"], ids.Take(5));
        Assert.Contains("28 upvotes", html);
        Assert.Contains("href=\"/papers/2410.22366\"", html);
        Assert.Contains("href=\"https://arxiv.org/pdf/2410.22366\"", html);
    }

    [Fact]
    public async Task PreviousAndNextDayLinksAndAWeekViewMoveThroughTheDays()
    {
        await using var bed = await StartAsync();
        var client = bed.App.CreateClient();

        var latest = await client.GetStringAsync("/papers");
        var previousLink = WebUtility.HtmlDecode(RelLink("prev").Match(latest).Groups[1].Value);
        var previous = await client.GetStringAsync(previousLink);
        var nextLink = WebUtility.HtmlDecode(RelLink("next").Match(previous).Groups[1].Value);
        var week = await client.GetStringAsync("/papers?view=week");

        Assert.Equal("/papers?day=2024-10-10", previousLink);
        Assert.Equal(46, ListedIds(previous).Count);
        Assert.Equal(["2410.07113", "2410.05254"], ListedIds(previous).Take(2));
        Assert.Equal("/papers?day=2024-10-11", nextLink);
        Assert.DoesNotMatch(RelLink("next"), latest);
        Assert.Equal(59, ListedIds(week).Count);
        Assert.Contains("Top papers of the week 5 Oct 2024 – 11 Oct 2024", week);
    }

    [Fact]
    public async Task ASearchShowsWhatTheAlertWouldCatchAndCarriesTheQueryToTheForm()
    {
        await using var bed = await StartAsync();
        var client = bed.App.CreateClient();

        var html = await client.GetStringAsync("/papers?day=2024-10-10&q=title%3Aaria");
        var form = await client.GetStringAsync("/?kind=query&q=title%3Aaria");

        Assert.Equal(["2410.05993"], ListedIds(html));
        Assert.Contains("1 of the 46 papers of the day match <code>title:aria</code>", html);
        Assert.Contains("href=\"/?kind=query&amp;q=title%3Aaria#query\"", html);
        Assert.Contains("value=\"title:aria\"", form);
        Assert.Matches("<input type=\"radio\" name=\"Kind\" value=\"query\" id=\"kind-query\" checked=\"checked\">", form);
    }

    [Theory]
    [InlineData("/papers?q=%28multimodal", "Unclosed")]
    [InlineData("/papers?day=2024-13-01", "YYYY-MM-DD")]
    [InlineData("/papers?view=month", "day or week")]
    public async Task BadInputGetsAClearMessageNotAnError(string path, string message)
    {
        await using var bed = await StartAsync();

        var response = await bed.App.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WhatASearcherTypesIsWrittenBackEncoded()
    {
        await using var bed = await StartAsync();

        var html = await bed.App.CreateClient().GetStringAsync("/papers?q=%22%3Cscript%3Ealert(1)%3C%2Fscript%3E%22");

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task APaperPageShowsTheWholeAbstractItsLinksAndAlertsLikeIt()
    {
        await using var bed = await StartAsync();
        var client = bed.App.CreateClient();

        var response = await client.GetAsync("/papers/2410.05993");
        var html = await response.Content.ReadAsStringAsync();
        var unknown = await client.GetAsync("/papers/2410.99999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("facilitates easy adoptions and adaptations of Aria in real-world applications.", html);
        Assert.Contains("Dongxu Li, Yudong Liu, Haoning Wu", html);
        Assert.Contains("href=\"https://arxiv.org/abs/2410.05993\"", html);
        Assert.Contains("href=\"/?kind=query&amp;q=author%3A%22Dongxu%20Li%22#query\"", html);
        Assert.Contains("href=\"/papers?day=2024-10-10\"", html);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AListingReadsTheSameFewQueriesWhateverTheNumberOfPapers()
    {
        CountingTrendingStore? counting = null;
        await using var bed = await StartAsync(s => s.AddSingleton<ITrendingStore>(p =>
            counting = new CountingTrendingStore(ActivatorUtilities.CreateInstance<TrendingStore>(p))));
        var client = bed.App.CreateClient();
        await client.GetStringAsync("/papers");

        counting!.Reset();
        await client.GetStringAsync("/papers?day=2024-10-11");
        var thirteen = counting.Calls;
        counting.Reset();
        await client.GetStringAsync("/papers?day=2024-10-10&q=model");
        var fortySix = counting.Calls;
        counting.Reset();
        await client.GetStringAsync("/papers?day=2024-10-11&view=week");
        var week = counting.Calls;

        // One read of the window's rows and one of the neighbouring days; the week adds one for the previous week.
        Assert.Equal((2, 2, 3), (thirteen, fortySix, week));
    }

    private static Regex RelLink(string rel) => new($"<a rel=\"{rel}\" href=\"([^\"]+)\"");

    [GeneratedRegex("<li class=\"paper\" id=\"p-([^\"]+)\"")]
    private static partial Regex PaperItem();
}
