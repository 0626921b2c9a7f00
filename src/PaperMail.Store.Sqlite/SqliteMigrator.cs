using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PaperMail.Store.Sqlite;

/// <summary>
/// Applies the ordered, append-only scripts in Migrations/ (NNNN_name.sql) and records the last one in
/// PRAGMA user_version. Never edit a shipped script: add the next number.
/// </summary>
public static partial class SqliteMigrator
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

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

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = typeof(SqliteMigrator).Assembly;
        var list = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add((int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Item1 != i + 1) throw new InvalidOperationException($"Migration numbers must be 1..n without gaps; found {list[i].Item1} at position {i + 1}.");
        }
        return list;
    }

    [GeneratedRegex(@"\.Migrations\.(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();
}
