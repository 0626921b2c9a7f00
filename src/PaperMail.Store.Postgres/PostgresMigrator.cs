using Dapper;
using Npgsql;
using PaperMail.Store.Shared;

namespace PaperMail.Store.Postgres;

/// <summary>
/// Applies the ordered, append-only scripts in Migrations/ (NNNN_name.sql) and records the last one in
/// <c>schema_version</c>. Never edit a shipped script: add the next number.
/// </summary>
public static class PostgresMigrator
{
    /// <summary>The advisory lock every node takes to migrate: nodes starting together apply each script once.</summary>
    public const long MigrationLockKey = 0x5041_5045_524D_0001; // "PAPERM" 1

    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = MigrationScripts.Load(typeof(PostgresMigrator).Assembly);

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>
    /// Brings the schema up to date. Safe from several nodes at once: the session-level advisory lock makes the others
    /// wait, and they then find nothing left to do. Each script runs in its own transaction with its version mark.
    /// </summary>
    public static async Task<int> MigrateAsync(PostgresDatabase database, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                cancellationToken: ct));
            var current = await GetVersionAsync(connection, ct);
            var applied = 0;
            foreach (var (version, _, sql) in Migrations.Where(m => m.Version > current))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version) VALUES (@version)", new { version }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                applied++;
            }
            return applied;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    public static async Task<int> GetVersionAsync(NpgsqlConnection connection, CancellationToken ct = default) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_version", cancellationToken: ct)) ?? 0;
}
