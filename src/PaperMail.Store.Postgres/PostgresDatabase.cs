using System.Data.Common;
using Npgsql;
using PaperMail.Store.Shared;

namespace PaperMail.Store.Postgres;

/// <summary>Opens pooled connections to PaperMail's PostgreSQL database (one data source per process).</summary>
public sealed class PostgresDatabase : IStoreDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        StoreMapping.Apply();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("ConnectionStrings:PaperMail is empty.", nameof(connectionString));
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"ConnectionStrings:PaperMail is not a PostgreSQL connection string: {e.Message}", nameof(connectionString));
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException("ConnectionStrings:PaperMail has no Host.", nameof(connectionString));
        }
        ConnectionString = builder.ToString();
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public string ConnectionString { get; }

    public SqlDialect Dialect => PostgresDialect.Instance;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct = default) => await _dataSource.OpenConnectionAsync(ct);

    /// <summary>For the metrics scrape, which is synchronous.</summary>
    public NpgsqlConnection Open() => _dataSource.OpenConnection();

    async Task<DbConnection> IStoreDatabase.OpenAsync(CancellationToken ct) => await OpenAsync(ct);

    DbConnection IStoreDatabase.Open() => Open();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
