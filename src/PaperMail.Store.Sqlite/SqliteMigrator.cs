using Microsoft.Data.Sqlite;
using PaperMail.Store.Shared;

namespace PaperMail.Store.Sqlite;

/// <summary>
/// Applies the ordered, append-only scripts in Migrations/ (NNNN_name.sql) and records the last one in
/// PRAGMA user_version. Never edit a shipped script: add the next number.
/// </summary>
public static class SqliteMigrator
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = MigrationScripts.Load(typeof(SqliteMigrator).Assembly);

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>
    /// Brings the schema up to date. Safe to call from several processes at once: the version is read and the scripts
    /// are applied inside one IMMEDIATE transaction, so a second process waits, then finds nothing left to do.
    /// </summary>
    public static async Task<int> MigrateAsync(SqliteDatabase database, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", ct);

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var current = await GetVersionAsync(connection, transaction, ct);
        var applied = 0;
        foreach (var (version, _, sql) in Migrations.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, transaction, sql, ct);
            await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {version};", ct);
            applied++;
        }
        await transaction.CommitAsync(ct);
        return applied;
    }

    public static async Task<int> GetVersionAsync(SqliteConnection connection, SqliteTransaction? transaction = null, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
