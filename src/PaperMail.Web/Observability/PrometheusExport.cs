using System.Diagnostics.Metrics;
using Prometheus;

namespace PaperMail.Web.Observability;

/// <summary>
/// The PaperMail meter seen through prometheus-net's meter adapter, in a registry of its own: only this app's
/// instruments, none of the library's process-wide defaults (tests run several apps in one process).
/// </summary>
public sealed class PrometheusExport : IDisposable
{
    private static readonly double[] DeliveryBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
    private static readonly double[] JobBuckets = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800];

    private readonly IDisposable _adapter;

    public PrometheusExport(PaperMailMetrics metrics)
    {
        Registry = Metrics.NewCustomRegistry();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, metrics.Meter),
            // The label sets are few (sources, states, jobs), so keep series as long as the adapter allows: a counter
            // quiet for a day then starts again from zero, which Prometheus reads as a reset.
            MetricsExpireAfter = TimeSpan.FromDays(1),
            ResolveHistogramBuckets = Buckets,
        });
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _adapter.Dispose();

    private static double[] Buckets(Instrument instrument) =>
        instrument.Name == "delivery.latency.seconds" ? DeliveryBuckets : JobBuckets;
}
