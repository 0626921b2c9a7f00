using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;
using PaperMail.Store.Shared;

namespace PaperMail.Store.Postgres;

/// <summary>PostgreSQL's side of the stores' dialect seam.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    public override string JsonRows(string parameter) => $"json_array_elements(CAST({parameter} AS json))";

    public override string InsertionOrder => "id";

    public override string UtcDay(string unixMilliseconds) =>
        $"to_char(to_timestamp({unixMilliseconds} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')";

    // PostgreSQL lets writers run side by side: a transaction-level advisory lock stands in for SQLite's single writer.
    public override Task LockAsync(DbTransaction tx, long key, CancellationToken ct) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key }, tx, cancellationToken: ct));

    public override Task LockAsync(DbTransaction tx, string key, CancellationToken ct) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext(@key))", new { key }, tx, cancellationToken: ct));

    // Writers run side by side: two nodes claiming at once must not pick the same rows.
    public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    // READ COMMITTED would give each statement its own snapshot.
    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

    // SET LOCAL ends with the transaction, so a pooled connection (or a PgBouncer server connection) keeps the server's setting.
    public override Task WithoutJitAsync(DbTransaction tx, CancellationToken ct) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition("SET LOCAL jit = off", transaction: tx, cancellationToken: ct));

    // Autovacuum's own rule (its default threshold and scale factor): analyze once the rows changed since the last
    // analyze exceed 50 plus a tenth of the table. A user who does not own a table gets a warning, not an error.
    public override async Task RefreshStatisticsAsync(DbConnection connection, IReadOnlyList<string> tables, CancellationToken ct)
    {
        var stale = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT relname FROM pg_stat_user_tables
            WHERE schemaname = current_schema() AND relname = ANY(@tables) AND n_mod_since_analyze > 50 + 0.1 * n_live_tup
            ORDER BY relname
            """, new { tables = tables.ToArray() }, cancellationToken: ct))).ToList();
        if (stale.Count == 0) return;
        using var quoting = new NpgsqlCommandBuilder();
        await connection.ExecuteAsync(new CommandDefinition($"ANALYZE {string.Join(", ", stale.Select(quoting.QuoteIdentifier))}", cancellationToken: ct));
    }

    // PostgreSQL has no secure_delete: deleted rows stay in the table's pages until VACUUM reuses them (README: backups
    // and retention).
    public override Task BeginErasingAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public override Task FinishErasingAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;
}
