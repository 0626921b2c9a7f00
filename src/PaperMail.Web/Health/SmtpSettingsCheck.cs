using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PaperMail.Web.Health;

/// <summary>Mail can only leave with an SMTP host configured. Checks presence only; the value is never shown.</summary>
public sealed class SmtpSettingsCheck(IConfiguration configuration) : IHealthCheck
{
    public const string HostKey = "PaperMail:Smtp:Host";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(string.IsNullOrWhiteSpace(configuration[HostKey])
            ? HealthCheckResult.Unhealthy($"{HostKey} is not set.")
            : HealthCheckResult.Healthy("SMTP host configured."));
}
