using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

/// <summary>The overview's 30-day SVG charts, drawn from rows with known counts in a real database.</summary>
[Collection(nameof(AppCollection))]
public partial class ChartsTests
{
    // "Today" is 10 March 2026 (UTC); the charts cover 9 February to 10 March.
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheChartsDrawTheKnownCountsOfEachDay()
    {
        await using var app = new PaperMailApp().WithServices(s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();
        Seed(app.DatabasePath);

        var response = await browser.GetAsync("/admin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Papers: 9 March arxiv 5 + hf 3 (the tallest day: 8 = 120 px), 10 March arxiv 2; a run 31 days ago is outside.
        Assert.Equal(
            ["2026-03-09 arxiv 5 75", "2026-03-09 hf 3 45", "2026-03-10 arxiv 2 30"],
            Marks(Chart(html, "chart-papers")));
        Assert.Equal(["2026-03-10 matches 4 120"], Marks(Chart(html, "chart-matches")));
        // Digests: 8 March 2 suppressed; 10 March 3 sent and 1 failed (the tallest day: 4).
        Assert.Equal(
            ["2026-03-08 suppressed 2 60", "2026-03-10 sent 3 90", "2026-03-10 failed 1 30"],
            Marks(Chart(html, "chart-digests")));
        // Delivery: of the digests sent on 10 March, Cy's waited longest: planned 9 March 07:00, sent 10 March 00:05.
        Assert.Equal(["2026-03-10 minutes 1025 120"], Marks(Chart(html, "chart-delivery")));
        // Subscribers: Cy confirmed 5 March and left 8 March; Ada confirmed 7 March, Bo 9 March.
        var subscribers = Points(Chart(html, "chart-subscribers"));
        Assert.Equal(30, subscribers.Count);
        Assert.Equal(["2026-03-04 0", "2026-03-05 1", "2026-03-06 1", "2026-03-07 2", "2026-03-08 1", "2026-03-09 2", "2026-03-10 2"], subscribers.TakeLast(7));
        // Accessible names, and nothing the content security policy would block.
        Assert.Contains("<title id=\"chart-matches-title\">Matches per day</title>", html);
        Assert.Contains("<title>2026-03-10: 4 matches</title>", html);
        Assert.DoesNotContain("style=", Section(html));
        Assert.DoesNotContain("<script", Section(html));
    }

    [Fact]
    public async Task WithNothingRecordedTheChartsStillRenderThirtyEmptyDays()
    {
        await using var app = new PaperMailApp().WithServices(s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        var browser = new AdminBrowser(app);
        await browser.LoginAsync();

        var html = await (await browser.GetAsync("/admin")).Content.ReadAsStringAsync();

        Assert.Empty(Marks(Chart(html, "chart-digests")));
        Assert.Contains("30 days from 2026-02-09 to 2026-03-10: 0 digests in all", html);
    }

    private static void Seed(string databasePath)
    {
        var seed = new AdminSeed(databasePath);
        static long Ms(string at) => DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        using var c = seed.Open();
        foreach (var (source, at, added) in new[] { ("arxiv", "2026-03-09T06:00Z", 4), ("arxiv", "2026-03-09T18:00Z", 1), ("hf", "2026-03-09T07:00Z", 3),
                     ("arxiv", "2026-03-10T06:00Z", 2), ("hf", "2026-03-10T07:00Z", 0), ("arxiv", "2026-02-07T06:00Z", 9) })
        {
            c.Execute("INSERT INTO source_runs (source, kind, started_at, finished_at, new) VALUES (@source, 'File', @at, @at, @added)", new { source, at = Ms(at), added });
        }
        var subscribers = new Dictionary<string, long>();
        foreach (var (email, state, confirmed, changed) in new[] { ("cy@example.org", "unsubscribed", "2026-03-05T10:00Z", "2026-03-08T10:00Z"),
                     ("ada@example.org", "active", "2026-03-07T10:00Z", "2026-03-07T10:00Z"), ("bo@example.org", "active", "2026-03-09T10:00Z", "2026-03-09T10:00Z"),
                     ("pending@example.org", "pending", null, "2026-03-09T10:00Z") })
        {
            subscribers[email] = c.ExecuteScalar<long>("""
                INSERT INTO subscribers (email, email_key, frequency, state, created_at, confirmed_at, state_changed_at)
                VALUES (@email, @email, 'daily', @state, 0, @confirmed, @changed) RETURNING id
                """, new { email, state, confirmed = confirmed is null ? (long?)null : Ms(confirmed), changed = Ms(changed) });
        }
        var ada = subscribers["ada@example.org"];
        var alert = seed.Alert(ada, "multilingual");
        for (var i = 0; i < 4; i++)
        {
            seed.Paper($"p{i}");
            c.Execute("INSERT INTO matches (alert_id, paper_id, subscriber_id, matched_at, relevance, score, hits) VALUES (@alert, @paper, @ada, @at, 1, 1, '[]')",
                new { alert, paper = $"p{i}", ada, at = Ms("2026-03-10T05:00Z") });
        }
        var digests = new[]
        {
            ("2026-03-10", "sent", "2026-03-10T07:00Z", "2026-03-10T07:10Z", (string?)null, "ada@example.org"),
            ("2026-03-10", "sent", "2026-03-10T07:00Z", "2026-03-10T07:25Z", null, "bo@example.org"),
            ("2026-03-09", "sent", "2026-03-09T07:00Z", "2026-03-10T00:05Z", null, "cy@example.org"),
            ("2026-03-10", "failed", "2026-03-10T07:00Z", null, "2026-03-10T08:00Z", "cy@example.org"),
            ("2026-03-08", "suppressed", "2026-03-08T07:00Z", null, "2026-03-08T07:01Z", "ada@example.org"),
            ("2026-03-08", "suppressed", "2026-03-08T07:00Z", null, "2026-03-08T07:01Z", "bo@example.org"),
            ("2026-03-10", "pending", "2026-03-10T07:00Z", null, null, "pending@example.org"),
        };
        foreach (var (period, state, created, sent, claimed, email) in digests)
        {
            c.Execute("INSERT INTO digests (subscriber_id, period, state, created_at, sent_at, claimed_at) VALUES (@id, @period, @state, @created, @sent, @claimed)",
                new { id = subscribers[email], period, state, created = Ms(created), sent = sent is null ? (long?)null : Ms(sent), claimed = claimed is null ? (long?)null : Ms(claimed) });
        }
    }

    private static string Section(string html) => html[html.IndexOf("<section id=\"charts\">", StringComparison.Ordinal)..];

    private static string Chart(string html, string id)
    {
        var start = html.IndexOf($"<figure class=\"chart\" id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart {id}");
        return html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
    }

    /// <summary>Each bar as "day series value height".</summary>
    private static List<string> Marks(string chart) =>
        [.. Bar().Matches(chart).Select(m => $"{m.Groups["day"]} {m.Groups["series"]} {m.Groups["value"]} {m.Groups["height"]}")];

    /// <summary>Each point as "day value".</summary>
    private static List<string> Points(string chart) =>
        [.. Point().Matches(chart).Select(m => $"{m.Groups["day"]} {m.Groups["value"]}")];

    [GeneratedRegex("<rect [^>]*height=\"(?<height>[^\"]+)\" data-day=\"(?<day>[^\"]+)\" data-series=\"(?<series>[^\"]+)\" data-value=\"(?<value>[^\"]+)\"")]
    private static partial Regex Bar();

    [GeneratedRegex("<circle [^>]*data-day=\"(?<day>[^\"]+)\" data-series=\"[^\"]+\" data-value=\"(?<value>[^\"]+)\"")]
    private static partial Regex Point();
}
