using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaperMail.Web.Storage;

namespace PaperMail.Web.Health;

/// <summary>
/// SQLite: not ready while this process stands by (another process on the same file holds the database lease), so a
/// load balancer or an operator sees which one works. Names no host or path: only that it stands by.
/// </summary>
public sealed class LeaseReadyCheck(DatabaseLease lease) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lease.IsHolder
            ? HealthCheckResult.Healthy("This process holds the database lease and runs the jobs.")
            : HealthCheckResult.Unhealthy("Standing by: another PaperMail process on this database holds the lease and runs the jobs; this one takes over when it stops renewing."));
}
