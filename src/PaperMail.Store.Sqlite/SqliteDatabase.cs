using System.Data.Common;
using Microsoft.Data.Sqlite;
using PaperMail.Store.Shared;

namespace PaperMail.Store.Sqlite;

/// <summary>Opens connections to PaperMail's SQLite file with the settings every connection needs.</summary>
public sealed class SqliteDatabase : IStoreDatabase
{
    /// <summary>How long a writer waits for another writer before giving up with SQLITE_BUSY.</summary>
    public const int BusyTimeoutMs = 10_000;

    public SqliteDatabase(string connectionString, string contentRoot)
    {
        StoreMapping.Apply();
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException("ConnectionStrings:PaperMail has no Data Source.", nameof(connectionString));
        }
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
            FilePath = path;
        }
        builder.DefaultTimeout = BusyTimeoutMs / 1000;
        ConnectionString = builder.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>The absolute path of the database file (null for in-memory databases).</summary>
    public string? FilePath { get; }

    public SqlDialect Dialect => SqliteDialect.Instance;

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        using var pragma = Pragmas(connection);
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = Pragmas(connection);
        pragma.ExecuteNonQuery();
        return connection;
    }

    async Task<DbConnection> IStoreDatabase.OpenAsync(CancellationToken ct) => await OpenAsync(ct);

    DbConnection IStoreDatabase.Open() => Open();

    private static SqliteCommand Pragmas(SqliteConnection connection)
    {
        var pragma = connection.CreateCommand();
        // busy_timeout makes SQLite itself wait for a lock; synchronous=NORMAL is safe with WAL and much faster.
        pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        return pragma;
    }
}
