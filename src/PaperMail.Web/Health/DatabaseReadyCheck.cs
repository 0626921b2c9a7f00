using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaperMail.Store.Sqlite;

namespace PaperMail.Web.Health;

/// <summary>The database opens and its schema is at the version this build expects.</summary>
public sealed class DatabaseReadyCheck(SqliteDatabase database, ILogger<DatabaseReadyCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int version;
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            version = await SqliteMigrator.GetVersionAsync(connection, ct: cancellationToken);
        }
        catch (SqliteException e)
        {
            // The details (paths, codes) go to the log, not to whoever asked.
            logger.LogWarning(e, "Readiness: the database could not be reached");
            return HealthCheckResult.Unhealthy("Database unreachable.");
        }
        return version == SqliteMigrator.LatestVersion
            ? HealthCheckResult.Healthy($"Schema version {version}.")
            : HealthCheckResult.Unhealthy($"Schema version {version}, expected {SqliteMigrator.LatestVersion}: migrations not applied.");
    }
}
