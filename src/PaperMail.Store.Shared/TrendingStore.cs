using System.Globalization;
using Dapper;
using PaperMail.Core.Papers;
using PaperMail.Core.Trending;

namespace PaperMail.Store.Shared;

/// <summary>Papers by their day (the generated <c>list_day</c> column, indexed) and the top alerts due.</summary>
public sealed class TrendingStore(IStoreDatabase database) : ITrendingStore
{
    /// <summary>A bound on one window's read; a week of Hugging Face listings holds a few hundred papers.</summary>
    public const int MaxPerWindow = 5_000;

    public async Task<IReadOnlyList<DueTopAlert>> GetDueTopAlertsAsync(string? dailyPeriod, string? weeklyPeriod, CancellationToken ct = default)
    {
        if (dailyPeriod is null && weeklyPeriod is null) return [];
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, long SubscriberId, string Frequency, string Query, long? MinUpvotes, long TopN)>(new CommandDefinition("""
            SELECT a.id, a.subscriber_id, s.frequency, a.query, a.min_upvotes, a.top_n
            FROM alerts a JOIN subscribers s ON s.id = a.subscriber_id
            WHERE a.top_n IS NOT NULL AND a.state = 'active' AND a.paused = 0 AND s.state = 'active'
              AND ((s.frequency = 'daily' AND @dailyPeriod IS NOT NULL) OR (s.frequency = 'weekly' AND @weeklyPeriod IS NOT NULL))
              AND NOT EXISTS (SELECT 1 FROM digests d
                              WHERE d.subscriber_id = s.id AND d.period = CASE s.frequency WHEN 'daily' THEN @dailyPeriod ELSE @weeklyPeriod END)
            ORDER BY a.id
            """, new { dailyPeriod, weeklyPeriod }, cancellationToken: ct));
        return [.. rows.Select(r => new DueTopAlert(r.Id, r.SubscriberId, r.Frequency == "weekly", r.Query, (int?)r.MinUpvotes, (int)r.TopN))];
    }

    public async Task<IReadOnlyList<Paper>> GetListedAsync(TrendingWindow window, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<PaperRow>(new CommandDefinition($"""
            SELECT {PaperRow.Columns} FROM papers
            WHERE list_day BETWEEN @from AND @to
            ORDER BY upvotes DESC NULLS LAST
            LIMIT @limit
            """, new { from = Day(window.From), to = Day(window.To), limit = MaxPerWindow }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToPaper())];
    }

    public async Task<DateOnly?> GetLatestDayAsync(DateOnly? onOrBefore = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var day = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MAX(list_day) FROM papers WHERE @onOrBefore IS NULL OR list_day <= @onOrBefore",
            new { onOrBefore = onOrBefore is { } d ? Day(d) : null }, cancellationToken: ct));
        return Parse(day);
    }

    public async Task<(DateOnly? Previous, DateOnly? Next)> GetNeighbourDaysAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var (previous, next) = await connection.QuerySingleAsync<(string?, string?)>(new CommandDefinition("""
            SELECT (SELECT MAX(list_day) FROM papers WHERE list_day < @day), (SELECT MIN(list_day) FROM papers WHERE list_day > @day)
            """, new { day = Day(day) }, cancellationToken: ct));
        return (Parse(previous), Parse(next));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Parse(string? day) => day is null ? null : DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
