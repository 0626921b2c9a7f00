using Microsoft.Extensions.Logging;
using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Job;

/// <summary>
/// Keeps the match job's percolator between runs. Parsing and indexing a million alerts takes tens of seconds,
/// and between two runs (15 minutes apart) usually only a few alerts are added, edited, paused or removed: those
/// are applied to the kept builder (new versions added, old ones retired) and only the cheap final build is
/// redone. It is a cache, derived entirely from the active alerts passed in each time: after a restart, or on
/// another node, the first run simply builds from scratch. It rebuilds from scratch too when many alerts were
/// retired (their code is garbage in the pool) or when the index is a day old (so term rarity follows new papers).
/// </summary>
public sealed partial class PercolatorCache(TimeProvider clock, ILogger<PercolatorCache> logger)
{
    /// <summary>Rebuild from scratch when more than this share of the indexed alerts are retired.</summary>
    public const double MaxRetiredShare = 0.2;
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Index? _index;

    /// <summary>A percolator over exactly <paramref name="alerts"/>; alerts whose query no longer parses are logged and left out.</summary>
    /// <param name="frequencies">Term rarity for a build from scratch (only called then: sampling papers is not free).</param>
    public async Task<Percolator> GetAsync(IReadOnlyList<ActiveAlert> alerts, Func<CancellationToken, Task<DocumentFrequencies>> frequencies, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(frequencies);
        await _gate.WaitAsync(ct);
        try
        {
            var index = _index;
            if (index is null || clock.GetUtcNow() - index.BuiltAt > MaxAge || !TryUpdate(index, alerts))
            {
                index = new Index(new PercolatorBuilder(await frequencies(ct)), clock.GetUtcNow());
                foreach (var alert in alerts) Add(index, alert);
                index.Percolator = index.Builder.Build();
                _index = index;
                LogBuilt(index.Percolator.AlertCount);
            }
            return index.Percolator!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies the difference to the kept builder; false when a build from scratch is due instead.</summary>
    private bool TryUpdate(Index index, IReadOnlyList<ActiveAlert> alerts)
    {
        var current = new HashSet<long>(alerts.Count);
        var changed = new List<ActiveAlert>();
        foreach (var alert in alerts)
        {
            current.Add(alert.Id);
            if (!index.Entries.TryGetValue(alert.Id, out var entry) || entry.Fingerprint != Fingerprint(alert)) changed.Add(alert);
        }
        var gone = index.Entries.Where(e => !current.Contains(e.Key)).Select(e => e.Key).ToList();
        if (changed.Count == 0 && gone.Count == 0) return true;

        int retiring = gone.Count + changed.Count(a => index.Entries.ContainsKey(a.Id));
        if (index.Builder.RetiredCount + retiring > MaxRetiredShare * Math.Max(1, index.Builder.Count)) return false;
        foreach (var id in gone) Retire(index, id);
        foreach (var alert in changed)
        {
            Retire(index, alert.Id);
            Add(index, alert);
        }
        index.Percolator = index.Builder.Build();
        LogUpdated(changed.Count, gone.Count, index.Percolator.AlertCount);
        return true;
    }

    private static void Retire(Index index, long alertId)
    {
        if (index.Entries.Remove(alertId, out var entry) && entry.Position >= 0) index.Builder.Retire(entry.Position);
    }

    private void Add(Index index, ActiveAlert alert)
    {
        // An unparsable query is remembered too (position -1), so it is logged once per version, not every run.
        int position = -1;
        var result = QueryParser.Parse(alert.Query);
        if (result.Query is { } query)
        {
            position = index.Builder.Count;
            index.Builder.Add(new AlertDefinition(alert.Id, query, alert.MinUpvotes));
        }
        else
        {
            LogUnparsable(alert.Id, result.Error!.ToString());
        }
        index.Entries[alert.Id] = new Entry(position, Fingerprint(alert));
    }

    // The version changes with every edit made through PaperMail; the query and minimum guard against edits made
    // directly in the database. A 32-bit hash collision there could only keep an outdated definition until the
    // daily rebuild.
    private static long Fingerprint(ActiveAlert alert) =>
        ((long)alert.Version << 32) | (uint)HashCode.Combine(alert.Query, alert.MinUpvotes);

    private readonly record struct Entry(int Position, long Fingerprint);

    private sealed class Index(PercolatorBuilder builder, DateTimeOffset builtAt)
    {
        public PercolatorBuilder Builder { get; } = builder;
        public DateTimeOffset BuiltAt { get; } = builtAt;
        public Dictionary<long, Entry> Entries { get; } = [];
        public Percolator? Percolator { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert index built from scratch: {Alerts} alerts")]
    private partial void LogBuilt(int alerts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert index updated: {Changed} alerts added or edited, {Gone} removed or paused; {Alerts} alerts")]
    private partial void LogUpdated(int changed, int gone, int alerts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} no longer parses and is skipped: {Error}")]
    private partial void LogUnparsable(long alertId, string error);
}
