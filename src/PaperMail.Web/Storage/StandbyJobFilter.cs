using Hangfire.Common;
using Hangfire.Server;

namespace PaperMail.Web.Storage;

/// <summary>
/// A process standing by (it does not hold the <see cref="DatabaseLease"/>) runs no job: each is skipped, as done, and
/// the holder's own schedule runs it. Registered as a service, so it applies to this app's Hangfire server only.
/// </summary>
public sealed partial class StandbyJobFilter(DatabaseLease lease, ILogger<StandbyJobFilter> logger) : IJobFilter, IServerFilter
{
    public bool AllowMultiple => false;

    public int Order => -1;

    public void OnPerforming(PerformingContext context)
    {
        if (lease.IsHolder) return;
        LogSkipped(context.BackgroundJob.Job.Type.Name, lease.Current?.Holder);
        context.Canceled = true;
    }

    public void OnPerformed(PerformedContext context)
    {
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} skipped: this node is standing by ({Holder} holds the database lease)")]
    private partial void LogSkipped(string job, string? holder);
}
