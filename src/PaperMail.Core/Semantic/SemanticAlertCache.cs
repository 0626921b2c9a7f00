namespace PaperMail.Core.Semantic;

/// <summary>
/// The similar-papers alerts as the match job holds them (the alert matrix, filters, reasons), kept between runs in
/// one process: a run reads the store's cheap stamp of the active alerts and rebuilds only when it moved, instead of
/// reading and decoding every alert vector again. One per process (a singleton); a matcher made without one keeps
/// its alerts for its own run only.
/// </summary>
public sealed class SemanticAlertCache
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Stamp, PreparedAlerts Alerts)? _held;
    private int _builds;

    /// <summary>How many times the alerts were read and built (the first run's included).</summary>
    public int Builds => Volatile.Read(ref _builds);

    /// <summary>Bytes the held alert matrix takes (0 before the first run).</summary>
    public long MatrixBytes => _held?.Alerts.Matrix.Bytes ?? 0;

    /// <summary>
    /// The held alerts when they were built at <paramref name="stamp"/> and <paramref name="stillCurrent"/> agrees;
    /// else what <paramref name="build"/> makes, held from now on.
    /// </summary>
    internal async Task<PreparedAlerts> GetAsync(
        string stamp, Func<PreparedAlerts, Task<bool>> stillCurrent, Func<Task<PreparedAlerts>> build, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_held is { } held && held.Stamp == stamp && await stillCurrent(held.Alerts)) return held.Alerts;
            // Let the old matrix go before the new one is built: two at once would double the peak.
            _held = null;
            var built = await build();
            Interlocked.Increment(ref _builds);
            _held = (stamp, built);
            return built;
        }
        finally
        {
            _gate.Release();
        }
    }
}
