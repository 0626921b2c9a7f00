using System.Data.Common;
using Dapper;
using PaperMail.Core.Bounces;

namespace PaperMail.Store.Shared;

/// <summary>The suppression list for the admin: filtered, lifted one by one or all at once.</summary>
public sealed class SuppressionStore(IStoreDatabase database) : ISuppressionStore
{
    private const string Where = """
        WHERE (@reason IS NULL OR x.reason = @reason)
          AND (@from IS NULL OR x.created_at >= @from)
          AND (@to IS NULL OR x.created_at <= @to)
        """;

    public async Task<IReadOnlyList<Suppression>> ListAsync(SuppressionFilter filter, int limit, int offset, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Email, string Reason, string? Status, string? Detail, string Source, long CreatedAt)>(
            new CommandDefinition($"""
                SELECT x.subscriber_id, s.email, x.reason, x.status, x.detail, x.source, x.created_at
                FROM suppressions x JOIN subscribers s ON s.id = x.subscriber_id
                {Where}
                ORDER BY x.created_at DESC, x.subscriber_id DESC LIMIT @limit OFFSET @offset
                """, Parameters(filter, new { limit, offset }), cancellationToken: ct));
        return [.. rows.Select(r => new Suppression(r.Id, r.Email, r.Reason, r.Status, r.Detail, r.Source, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt)))];
    }

    public async Task<int> CountAsync(SuppressionFilter filter, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM suppressions x {Where}", Parameters(filter, null), cancellationToken: ct));
    }

    public async Task<bool> LiftAsync(long subscriberId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var lifted = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE subscribers SET state = 'active', state_reason = 'suppression lifted by the operator', state_changed_at = @at
            WHERE id = @subscriberId AND state = 'suppressed'
            """, new { subscriberId, at = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM bounce_events WHERE verdict = 'soft' AND subscriber_id = @subscriberId;
            DELETE FROM suppressions WHERE subscriber_id = @subscriberId;
            """, new { subscriberId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return lifted == 1;
    }

    public async Task<int> LiftAllAsync(SuppressionFilter filter, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var lifted = await LiftWhereAsync(connection, tx, Where["WHERE ".Length..], Parameters(filter, null), now, ct);
        await tx.CommitAsync(ct);
        return lifted;
    }

    /// <summary>
    /// Makes the selected subscribers active again and forgets their soft bounces (so one more does not suppress them at
    /// once). Subscribers suppressed by state alone, before suppressions were recorded, have a row since migration.
    /// </summary>
    private static async Task<int> LiftWhereAsync(DbConnection connection, DbTransaction tx, string condition, DynamicParameters parameters, DateTimeOffset now, CancellationToken ct)
    {
        parameters.Add("at", now.ToUnixTimeMilliseconds());
        await connection.ExecuteAsync(new CommandDefinition($"""
            CREATE TEMP TABLE lifting (subscriber_id BIGINT PRIMARY KEY);
            INSERT INTO lifting SELECT x.subscriber_id FROM suppressions x WHERE {condition};
            """, parameters, tx, cancellationToken: ct));
        var lifted = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE subscribers SET state = 'active', state_reason = 'suppression lifted by the operator', state_changed_at = @at
            WHERE id IN (SELECT subscriber_id FROM lifting) AND state = 'suppressed'
            """, parameters, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM bounce_events WHERE verdict = 'soft' AND subscriber_id IN (SELECT subscriber_id FROM lifting);
            DELETE FROM suppressions WHERE subscriber_id IN (SELECT subscriber_id FROM lifting);
            DROP TABLE lifting;
            """, transaction: tx, cancellationToken: ct));
        return lifted;
    }

    private static DynamicParameters Parameters(SuppressionFilter filter, object? more)
    {
        var parameters = new DynamicParameters(more);
        // Typed, so that PostgreSQL knows a null's type in "@reason IS NULL".
        parameters.Add("reason", filter.Reason, System.Data.DbType.String);
        parameters.Add("from", filter.From?.ToUnixTimeMilliseconds(), System.Data.DbType.Int64);
        parameters.Add("to", filter.To?.ToUnixTimeMilliseconds(), System.Data.DbType.Int64);
        return parameters;
    }
}
