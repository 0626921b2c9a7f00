namespace PaperMail.Core.Admin;

/// <summary>
/// Locks the admin login after repeated failures: <see cref="MaxFailures"/> failed attempts within
/// <see cref="Window"/> lock that key (the login page uses client and name) for <see cref="LockDuration"/>; while locked, even the right password is refused.
/// A success clears the record. State is per process (a restart unlocks), which is enough for one admin account.
/// </summary>
public sealed class LoginLockout(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Record> _records = new(StringComparer.Ordinal);

    private sealed class Record
    {
        public Queue<DateTimeOffset> Failures { get; } = new();
        public DateTimeOffset? LockedUntil { get; set; }
    }

    /// <summary>When the key is locked, until when; otherwise null.</summary>
    public DateTimeOffset? LockedUntil(string key)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            return _records.TryGetValue(key, out var r) && r.LockedUntil > now ? r.LockedUntil : null;
        }
    }

    /// <summary>Records a failed attempt; returns when the key is now locked until, if this failure locked it.</summary>
    public DateTimeOffset? RecordFailure(string key)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (!_records.TryGetValue(key, out var r))
            {
                if (_records.Count >= MaxRecords) Prune(now);
                _records[key] = r = new Record();
            }
            if (r.LockedUntil is { } until && until <= now) r.LockedUntil = null;
            while (r.Failures.Count > 0 && r.Failures.Peek() <= now - Window) r.Failures.Dequeue();
            r.Failures.Enqueue(now);
            if (r.Failures.Count >= MaxFailures)
            {
                r.Failures.Clear();
                r.LockedUntil = now + LockDuration;
            }
            return r.LockedUntil;
        }
    }

    /// <summary>
    /// Records are per (client, name), so guessing names from many clients could grow memory: past this many, records
    /// with nothing left to count go, and if that is not enough, the oldest.
    /// </summary>
    public const int MaxRecords = 10_000;

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, record) in _records.ToList())
        {
            if (record.LockedUntil is not { } until || until <= now)
            {
                if (record.Failures.Count == 0 || record.Failures.Last() <= now - Window) _records.Remove(key);
            }
        }
        foreach (var key in _records.OrderBy(r => r.Value.Failures.Count == 0 ? DateTimeOffset.MinValue : r.Value.Failures.Last())
                     .Take(Math.Max(0, _records.Count - MaxRecords + 1)).Select(r => r.Key).ToList())
        {
            _records.Remove(key);
        }
    }

    public void RecordSuccess(string key)
    {
        lock (_lock) _records.Remove(key);
    }
}
