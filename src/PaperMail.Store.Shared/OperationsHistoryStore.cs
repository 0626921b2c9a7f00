using Dapper;
using PaperMail.Core.Operations;

namespace PaperMail.Store.Shared;

public sealed class OperationsHistoryStore(IStoreDatabase database) : IOperationsHistoryStore
{
    // Times are Unix milliseconds; a day is its UTC date. Values are cast so both providers return a double.
    private string Day(string unixMilliseconds) => database.Dialect.UtcDay(unixMilliseconds);

    public Task<IReadOnlyList<DailyValue>> PapersPerDayAsync(DateOnly from, CancellationToken ct = default) => QueryAsync($"""
        SELECT source AS Series, {Day("started_at")} AS Day, CAST(SUM(new) AS DOUBLE PRECISION) AS Value
        FROM source_runs WHERE started_at >= @from GROUP BY 1, 2 HAVING SUM(new) > 0
        """, from, ct);

    public Task<IReadOnlyList<DailyValue>> MatchesPerDayAsync(DateOnly from, CancellationToken ct = default) => QueryAsync($"""
        SELECT 'matches' AS Series, {Day("matched_at")} AS Day, CAST(COUNT(*) AS DOUBLE PRECISION) AS Value
        FROM matches WHERE matched_at >= @from GROUP BY 2
        """, from, ct);

    public Task<IReadOnlyList<DailyValue>> DigestsPerDayAsync(DateOnly from, CancellationToken ct = default) => QueryAsync($"""
        SELECT state AS Series, {Day("at")} AS Day, CAST(COUNT(*) AS DOUBLE PRECISION) AS Value
        FROM (SELECT state, CASE state WHEN 'sent' THEN sent_at ELSE COALESCE(claimed_at, created_at) END AS at
              FROM digests WHERE state IN ('sent', 'failed', 'suppressed')) d
        WHERE at >= @from GROUP BY 1, 2
        """, from, ct);

    public async Task<IReadOnlyList<DailyValue>> ConfirmedSubscribersAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<(long? ConfirmedAt, string State, long ChangedAt)>(new CommandDefinition(
            "SELECT confirmed_at, state, state_changed_at FROM subscribers WHERE confirmed_at IS NOT NULL", cancellationToken: ct))).ToList();
        var values = new List<DailyValue>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var end = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
            // Subscribed by the day's end, and not gone by then (a leave is the last state change of someone who left).
            var count = rows.Count(r => r.ConfirmedAt < end && !(r.State is "unsubscribed" or "suppressed" && r.ChangedAt < end));
            values.Add(new DailyValue("confirmed", day, count));
        }
        return values;
    }

    public Task<IReadOnlyList<DailyValue>> DeliveryMinutesPerDayAsync(DateOnly from, CancellationToken ct = default) => QueryAsync($"""
        SELECT 'minutes' AS Series, {Day("sent_at")} AS Day, CAST(MAX(sent_at - created_at) AS DOUBLE PRECISION) / 60000 AS Value
        FROM digests WHERE state = 'sent' AND sent_at >= @from GROUP BY 2
        """, from, ct);

    private async Task<IReadOnlyList<DailyValue>> QueryAsync(string sql, DateOnly from, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var rows = await connection.QueryAsync<(string Series, string Day, double Value)>(new CommandDefinition(sql, new { from = since }, cancellationToken: ct));
        return [.. rows.Select(r => new DailyValue(r.Series, DateOnly.ParseExact(r.Day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.Value))];
    }
}
