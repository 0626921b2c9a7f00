using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperMail.Store.Shared;

namespace PaperMail.Store.Sqlite;

/// <summary>SQLite's side of the stores' dialect seam.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string InList(string column, string parameter) => $"{column} IN {parameter}";

    public override string JsonRows(string parameter) => $"json_each({parameter})";

    public override string InsertionOrder => "rowid";

    public override string UtcDay(string unixMilliseconds) => $"date({unixMilliseconds} / 1000, 'unixepoch')";

    // Microsoft.Data.Sqlite begins transactions IMMEDIATE: the write lock is held from the first statement, so a
    // read-then-write cannot interleave with another writer's.
    public override Task LockAsync(DbTransaction tx, long key, CancellationToken ct) => Task.CompletedTask;

    public override Task LockAsync(DbTransaction tx, string key, CancellationToken ct) => Task.CompletedTask;

    public override string SkipLocked => "";

    // Microsoft.Data.Sqlite begins transactions IMMEDIATE unless told otherwise: a read would hold the write lock.
    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override Task WithoutJitAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public override Task RefreshStatisticsAsync(DbConnection connection, IReadOnlyList<string> tables, CancellationToken ct) => Task.CompletedTask;

    // Overwrite deleted rows in the file instead of leaving them in free pages.
    public override Task BeginErasingAsync(DbConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON", cancellationToken: ct));

    // The write-ahead log still holds earlier versions of the deleted pages: copy back and empty it now, so the data
    // is gone from the files on disk, not only from the tables.
    public override Task FinishErasingAsync(DbConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: ct));
}
