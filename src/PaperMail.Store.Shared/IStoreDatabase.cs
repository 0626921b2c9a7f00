using System.Data.Common;

namespace PaperMail.Store.Shared;

/// <summary>
/// The database a provider-neutral store runs on: connections as ADO.NET's <see cref="DbConnection"/>, and the few
/// pieces of SQL and locking where SQLite and PostgreSQL differ.
/// </summary>
public interface IStoreDatabase
{
    SqlDialect Dialect { get; }

    Task<DbConnection> OpenAsync(CancellationToken ct = default);

    /// <summary>For callers that cannot await (the metrics scrape, Data Protection's key ring).</summary>
    DbConnection Open();
}
