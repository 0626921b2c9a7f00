using PaperMail.Core.Digests;
using PaperMail.Core.Operations;

namespace PaperMail.Web.Storage;

/// <summary>
/// Keeps this process's hold on the database lease (SQLite: one process runs the jobs), or stands by and retries.
/// Jobs ask <see cref="IsHolder"/> (through <see cref="StandbyJobFilter"/>); <c>/readyz</c> reports a standby as not ready.
/// </summary>
/// <remarks>
/// The lease runs on the wall clock, not on the app's <see cref="TimeProvider"/>: it is about whether another process is
/// alive now, whatever time the jobs are told it is.
/// </remarks>
public sealed partial class DatabaseLease(ILeaseStore leases, IOptions<LeaseOptions> options, IOptions<DigestOptions> digest,
    ILogger<DatabaseLease> logger) : BackgroundService
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    public const string Name = "papermail";

    private volatile LeaseHolder? _current;

    /// <summary>This process, as the lease names it.</summary>
    public string Holder { get; } = $"{digest.Value.NodeName}#{DigestService.Instance}";

    public bool IsHolder => _current is { } c && c.Holder == Holder && c.ExpiresAt > Clock.GetUtcNow();

    /// <summary>Who holds the lease as last seen (null before the first try).</summary>
    public LeaseHolder? Current => _current;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first try happens before the app serves or schedules anything, so no job runs before it is known.
        await TryAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RenewSeconds), Clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!IsHolder) return;
        try
        {
            await leases.ReleaseAsync(Name, Holder, cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException)
        {
            LogReleaseFailed(e);
        }
    }

    private async Task TryAsync(CancellationToken ct)
    {
        var wasHolder = IsHolder;
        var before = _current;
        try
        {
            _current = await leases.TryAcquireAsync(Name, Holder, Clock.GetUtcNow(), TimeSpan.FromSeconds(options.Value.TtlSeconds), ct);
        }
        catch (System.Data.Common.DbException e)
        {
            // Could not renew: past the expiry this process stops running jobs (IsHolder turns false on its own).
            LogRenewFailed(e);
            return;
        }
        if (IsHolder && !wasHolder) LogHolding(Holder);
        if (!IsHolder && (wasHolder || before is null || before.Holder != _current.Holder)) LogStandingBy(Holder, _current.Holder);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database lease held by this process ({Holder}): it runs the jobs")]
    private partial void LogHolding(string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This node ({Holder}) is standing by: another PaperMail process ({Other}) holds the database lease and runs the jobs; this one takes over when it stops renewing")]
    private partial void LogStandingBy(string holder, string other);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database lease could not be renewed")]
    private partial void LogRenewFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database lease could not be released on stop; it expires on its own")]
    private partial void LogReleaseFailed(Exception e);
}
