using Dapper;
using PaperMail.Core.Delivery;

namespace PaperMail.Store.Shared;

/// <summary>The one current delivery problem (or none), for the admin overview.</summary>
public sealed class DeliveryStatusStore(IStoreDatabase database) : IDeliveryStatusStore
{
    public async Task ReportProblemAsync(string kind, string detail, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO delivery_problems (id, kind, detail, since, last_seen) VALUES (1, @kind, @detail, @at, @at)
            ON CONFLICT (id) DO UPDATE SET
                since = CASE WHEN delivery_problems.kind = excluded.kind THEN delivery_problems.since ELSE excluded.since END,
                kind = excluded.kind, detail = excluded.detail, last_seen = excluded.last_seen
            """, new { kind, detail, at = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task ClearProblemAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM delivery_problems", cancellationToken: ct));
    }

    public async Task<DeliveryProblem?> GetProblemAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string Kind, string Detail, long Since, long LastSeen)?>(new CommandDefinition(
            "SELECT kind, detail, since, last_seen FROM delivery_problems WHERE id = 1", cancellationToken: ct));
        return row is { } r
            ? new DeliveryProblem(r.Kind, r.Detail, DateTimeOffset.FromUnixTimeMilliseconds(r.Since), DateTimeOffset.FromUnixTimeMilliseconds(r.LastSeen))
            : null;
    }
}
