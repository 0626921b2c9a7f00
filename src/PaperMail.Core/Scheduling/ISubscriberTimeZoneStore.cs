namespace PaperMail.Core.Scheduling;

/// <summary>Subscribers' own time zones (IANA names; null: the operator's zone applies).</summary>
public interface ISubscriberTimeZoneStore
{
    /// <summary>The distinct zones of active subscribers, null among them if some chose none.</summary>
    Task<IReadOnlyList<string?>> GetZonesOfActiveSubscribersAsync(CancellationToken ct = default);

    Task<string?> GetAsync(long subscriberId, CancellationToken ct = default);

    /// <summary>Sets a validated zone (<see cref="TimeZoneName.Validate"/>), or null for the operator's.</summary>
    Task SetAsync(long subscriberId, string? timeZone, CancellationToken ct = default);
}
