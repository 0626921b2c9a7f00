using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PaperMail.Store.Postgres;

namespace PaperMail.Web.Health;

/// <summary>
/// The PostgreSQL twin of <see cref="DatabaseReadyCheck"/>: the database answers, its schema is at the version this build
/// expects, and it takes a write (rolled back) within <see cref="ReadinessOptions.WriteProbeTimeoutSeconds"/>.
/// </summary>
public sealed class PostgresReadyCheck(PostgresDatabase database, IOptions<ReadinessOptions> options, ILogger<PostgresReadyCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var version = await PostgresMigrator.GetVersionAsync(connection, cancellationToken);
            if (version != PostgresMigrator.LatestVersion)
            {
                return HealthCheckResult.Unhealthy($"Schema version {version}, expected {PostgresMigrator.LatestVersion}: migrations not applied.");
            }
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"""
                SET LOCAL statement_timeout = {options.Value.WriteProbeTimeoutSeconds * 1000};
                INSERT INTO job_state (name, value, updated_at) VALUES ('readiness:probe', 0, 0)
                ON CONFLICT (name) DO UPDATE SET value = job_state.value + 1
                """, transaction: tx, cancellationToken: cancellationToken));
            await tx.RollbackAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Schema version {version}, writable.");
        }
        catch (NpgsqlException e)
        {
            // The details (host, codes) go to the log, not to whoever asked.
            logger.LogWarning(e, "Readiness: the database could not be reached or did not take a write");
            return HealthCheckResult.Unhealthy("Database unreachable or not writable.");
        }
    }
}
