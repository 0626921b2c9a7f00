using Prometheus;

namespace PaperMail.Web.Observability;

/// <summary>With <c>PaperMail:Metrics:Port</c> set: <c>/metrics</c> on 127.0.0.1 at that port only, no key asked.</summary>
public sealed class LocalMetricsServer(IOptions<MetricsOptions> options, PrometheusExport export) : IHostedService
{
    private KestrelMetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value is { Enabled: true, Port: { } port })
        {
            _server = new KestrelMetricServer("127.0.0.1", port, "/metrics", export.Registry);
            _server.Start();
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync();
    }
}
