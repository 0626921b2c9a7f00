using System.Data.Common;

namespace PaperMail.Store.Shared;

/// <summary>
/// What a store's SQL cannot say the same way on SQLite and PostgreSQL. Everything both accept is written once in the
/// store itself (<c>ON CONFLICT</c>, <c>RETURNING</c>, <c>COUNT(*) FILTER</c>, <c>IS NOT DISTINCT FROM</c> all run on
/// the SQLite bundled with Microsoft.Data.Sqlite); only the pieces whose behaviour differs come from here.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>
    /// <c>column</c> is one of the list in Dapper parameter <paramref name="parameter"/>: Dapper expands a list into
    /// one parameter per item for SQLite, but hands PostgreSQL the array as a single parameter.
    /// </summary>
    public abstract string InList(string column, string parameter);

    /// <summary>
    /// A table of the elements of the JSON array in parameter <paramref name="parameter"/>, one row each, the element
    /// in column <c>value</c> (a field of it is <c>value ->> 'name'</c> on both): a batch of rows as one parameter and
    /// one statement on either database. A statement per row would be a round trip per row to a PostgreSQL server;
    /// SQLite takes no arrays, and finds each of many parameters by name with a linear search.
    /// </summary>
    public abstract string JsonRows(string parameter);

    /// <summary>A column that orders a table's rows by insertion: SQLite's rowid; PostgreSQL tables have an identity id.</summary>
    public abstract string InsertionOrder { get; }

    /// <summary>The UTC calendar day, as <c>yyyy-MM-dd</c> text, of an expression in Unix milliseconds.</summary>
    public abstract string UtcDay(string unixMilliseconds);

    /// <summary>
    /// Serialises, until <paramref name="tx"/> ends, transactions that read and then write what <paramref name="key"/>
    /// names. SQLite needs nothing: its write transactions already hold the database's single write lock.
    /// </summary>
    public abstract Task LockAsync(DbTransaction tx, long key, CancellationToken ct);

    /// <inheritdoc cref="LockAsync(DbTransaction, long, CancellationToken)"/>
    public abstract Task LockAsync(DbTransaction tx, string key, CancellationToken ct);

    /// <summary>
    /// Appended to a SELECT that picks rows to claim: rows another transaction is claiming right now are skipped, not
    /// waited for, and a row claimed meanwhile is re-checked once locked. Empty on SQLite, which has no row locks: the
    /// claiming transaction holds the database's single write lock from its first statement.
    /// </summary>
    public abstract string SkipLocked { get; }

    /// <summary>
    /// A read-only transaction that sees one snapshot for all its statements and blocks no writer: SQLite's deferred
    /// transaction (an ordinary one there takes the write lock at once), PostgreSQL's REPEATABLE READ.
    /// </summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct);

    /// <summary>
    /// Brings the query planner's statistics for <paramref name="tables"/> up to date where they have fallen behind the
    /// rows written since, before statements whose plan depends on them. PostgreSQL's background analyze runs about a
    /// minute after a bulk write; until then it plans as if the table held what it last saw (nothing, for a new one),
    /// and drove the digest plan from every alert, reading the recent matches for each. SQLite keeps no statistics
    /// unless asked, and plans these statements well without them: nothing to do.
    /// </summary>
    public abstract Task RefreshStatisticsAsync(DbConnection connection, IReadOnlyList<string> tables, CancellationToken ct);

    /// <summary>
    /// For the rest of <paramref name="tx"/>, no JIT compilation of its statements. PostgreSQL compiles a statement
    /// whose estimated cost passes <c>jit_above_cost</c>; a digest plan's inserts pass it, and compiling them took far
    /// longer than running them. SQLite has no JIT.
    /// </summary>
    public abstract Task WithoutJitAsync(DbTransaction tx, CancellationToken ct);

    /// <summary>Before deleting personal data on <paramref name="connection"/>: make the deletes overwrite it on disk where the database can.</summary>
    public abstract Task BeginErasingAsync(DbConnection connection, CancellationToken ct);

    /// <summary>After deleting personal data: drop the older copies of the deleted rows the database still keeps, where it can.</summary>
    public abstract Task FinishErasingAsync(DbConnection connection, CancellationToken ct);
}
