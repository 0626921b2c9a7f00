using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Ingestion.Parsing;
using PaperMail.Core.Papers;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Benchmarks;

/// <summary>
/// The browse pages with the whole corpus stored: <c>/papers</c> for a day and a week, a search, and one paper, each a
/// whole HTTP request through the in-process host (routing, store, ranking, query evaluation, Razor). The baseline,
/// measured in the same run, is a bare SELECT of the same rows on a connection of the same pool, read but not used.
/// Run from the build output folder (<c>bin/Release/net10.0/PaperMail.Benchmarks browse</c>), where the in-process host
/// finds its content root.
/// </summary>
public static class BrowseBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        // Request logging at Information would time the console, not the pages.
        await using var app = new PaperMailApp().With("Logging:LogLevel:Default", "Warning");
        var client = app.CreateClient();
        ParseResult parsed;
        await using (var stream = File.OpenRead(RepoPaths.BenchmarkCorpus))
        {
            parsed = await DocumentParser.ParseAsync(stream, Path.GetFileName(RepoPaths.BenchmarkCorpus), null, CancellationToken.None);
        }
        await app.Services.GetRequiredService<IPaperStore>().UpsertAsync("corpus", parsed.Papers, DateTimeOffset.UtcNow);
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        var (busiest, busiestCount, latest, total) = await DaysAsync(db);
        var weekFrom = DateOnly.ParseExact(busiest, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var weekCount = await CountAsync(db, weekFrom, busiest);
        Console.WriteLine($"{total} papers stored; busiest day {busiest} ({busiestCount} papers), its week {weekCount} papers; latest day {latest}");

        var dayBaseline = Measure(repeats, () => BareSelectAsync(db, busiest, busiest));
        var weekBaseline = Measure(repeats, () => BareSelectAsync(db, weekFrom, busiest));
        Report("bare SELECT, busiest day's rows", await dayBaseline, null);
        Report("bare SELECT, its week's rows", await weekBaseline, null);
        var cases = new (string Name, string Path, TimeSpan Baseline)[]
        {
            ("GET /papers (latest day)", "/papers", (await dayBaseline).Median),
            ("GET /papers, busiest day", $"/papers?day={busiest}", (await dayBaseline).Median),
            ("GET /papers, its week", $"/papers?day={busiest}&view=week", (await weekBaseline).Median),
            ("GET /papers, its week, search", $"/papers?day={busiest}&view=week&q={Uri.EscapeDataString("multimodal OR \"vision language\" -survey")}", (await weekBaseline).Median),
            ("GET /papers, busiest day, search", $"/papers?day={busiest}&q={Uri.EscapeDataString("agent OR reasoning")}", (await dayBaseline).Median),
            ("GET /papers/2405.14906", "/papers/2405.14906", (await dayBaseline).Median),
        };
        foreach (var (name, path, baseline) in cases)
        {
            Report(name, await Measure(repeats, async () =>
            {
                using var response = await client.GetAsync(path);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsStringAsync();
            }), baseline);
        }
    }

    private sealed record Timing(TimeSpan Median, TimeSpan P95);

    private static async Task<Timing> Measure(int repeats, Func<Task> work)
    {
        for (var i = 0; i < Math.Min(20, repeats); i++) await work();
        var times = new List<TimeSpan>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            await work();
            times.Add(sw.Elapsed);
        }
        times.Sort();
        return new Timing(times[times.Count / 2], times[(int)(times.Count * 0.95)]);
    }

    private static void Report(string name, Timing timing, TimeSpan? baseline) => Console.WriteLine(
        $"  {name,-36} median {timing.Median.TotalMilliseconds,7:F2} ms  p95 {timing.P95.TotalMilliseconds,7:F2} ms" +
        (baseline is { } b ? $"  {timing.Median / b,6:F1}× its bare SELECT" : ""));

    private static async Task BareSelectAsync(SqliteDatabase db, string from, string to)
    {
        await using var connection = await db.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, title, abstract, authors, org_name, org_display_name, published_at, listed_on, upvotes, github_repo,
                   project_page, ai_summary, ai_keywords, categories, sources, first_seen_at, changed_at, change_seq
            FROM papers WHERE list_day BETWEEN $from AND $to
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync()) reader.GetValues(values);
    }

    private static async Task<(string Busiest, long BusiestCount, string Latest, long Total)> DaysAsync(SqliteDatabase db)
    {
        await using var connection = await db.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT list_day FROM papers GROUP BY list_day ORDER BY COUNT(*) DESC, list_day DESC LIMIT 1),
                   (SELECT COUNT(*) FROM papers GROUP BY list_day ORDER BY COUNT(*) DESC, list_day DESC LIMIT 1),
                   (SELECT MAX(list_day) FROM papers), (SELECT COUNT(*) FROM papers)
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3));
    }

    private static async Task<long> CountAsync(SqliteDatabase db, string from, string to)
    {
        await using var connection = await db.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM papers WHERE list_day BETWEEN $from AND $to";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
