using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaperMail.Store.Sqlite;

namespace PaperMail.Web.Health;

/// <summary>
/// The database opens, its schema is at the version this build expects, and it takes a write within
/// <see cref="ReadinessOptions.WriteProbeTimeoutSeconds"/> (a read-only volume, a full disk or a writer that never
/// lets go all stop every job, while reads still work).
/// </summary>
public sealed class DatabaseReadyCheck(SqliteDatabase database, IOptions<ReadinessOptions> options, ILogger<DatabaseReadyCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int version;
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            version = await SqliteMigrator.GetVersionAsync(connection, ct: cancellationToken);
            if (version != SqliteMigrator.LatestVersion)
            {
                return HealthCheckResult.Unhealthy($"Schema version {version}, expected {SqliteMigrator.LatestVersion}: migrations not applied.");
            }
        }
        catch (SqliteException e)
        {
            // The details (paths, codes) go to the log, not to whoever asked.
            logger.LogWarning(e, "Readiness: the database could not be reached");
            return HealthCheckResult.Unhealthy("Database unreachable.");
        }
        try
        {
            await ProbeWriteAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            logger.LogWarning(e, "Readiness: the database did not take a write");
            return HealthCheckResult.Unhealthy("Database not writable.");
        }
        return HealthCheckResult.Healthy($"Schema version {version}, writable.");
    }

    /// <summary>A real write in a transaction that is rolled back: nothing changes, but every lock and page is tried.</summary>
    private async Task ProbeWriteAsync(CancellationToken ct)
    {
        var seconds = options.Value.WriteProbeTimeoutSeconds;
        await using var connection = await database.OpenAsync(ct);
        connection.DefaultTimeout = seconds;
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA busy_timeout = {seconds * 1000};";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandTimeout = seconds;
        write.CommandText = """
            INSERT INTO job_state (name, value, updated_at) VALUES ('readiness:probe', 0, 0)
            ON CONFLICT (name) DO UPDATE SET value = value + 1
            """;
        await write.ExecuteNonQueryAsync(ct);
        await transaction.RollbackAsync(ct);
    }
}
