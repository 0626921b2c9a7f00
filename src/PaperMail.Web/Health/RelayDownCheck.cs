using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaperMail.Core.Delivery;

namespace PaperMail.Web.Health;

/// <summary>
/// The SMTP relay has been unreachable for longer than <see cref="ReadinessOptions.RelayDownMinutes"/>: read from the
/// delivery problem the digest run records (and clears once it delivers again), so there is one record of it, not two.
/// A short outage stays ready: the digest job retries on its own, and only a lasting one needs an operator.
/// </summary>
public sealed class RelayDownCheck(IDeliveryStatusStore status, IOptions<ReadinessOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        DeliveryProblem? problem;
        try
        {
            problem = await status.GetProblemAsync(cancellationToken);
        }
        catch (DbException)
        {
            // The database check reports why (to the log); this body says no more than that it could not tell.
            return HealthCheckResult.Unhealthy("The relay's state could not be read.");
        }
        if (problem is not { Kind: DeliveryProblemKinds.RelayDown })
        {
            return HealthCheckResult.Healthy("The SMTP relay is not known to be down.");
        }
        var limit = TimeSpan.FromMinutes(options.Value.RelayDownMinutes);
        var down = clock.GetUtcNow() - problem.Since;
        var since = $"since {problem.Since.UtcDateTime:yyyy-MM-dd HH:mm}Z";
        return down > limit
            ? HealthCheckResult.Unhealthy(
                $"The SMTP relay has been unreachable {since} (last tried {problem.LastSeen.UtcDateTime:yyyy-MM-dd HH:mm}Z), longer than {options.Value.RelayDownMinutes} minutes.")
            : HealthCheckResult.Healthy($"The SMTP relay has been unreachable {since}, within {options.Value.RelayDownMinutes} minutes.");
    }
}
