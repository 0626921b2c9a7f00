namespace PaperMail.Core.Operations;

/// <summary>Who holds a named lease, and until when.</summary>
public sealed record LeaseHolder(string Holder, DateTimeOffset ExpiresAt);

/// <summary>
/// Named leases in the database: one holder at a time, kept by renewing before <c>ttl</c> runs out, taken over by
/// anyone once the holder stops renewing.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="holder"/>; returns who holds it now (this holder if it succeeded).</summary>
    Task<LeaseHolder> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Gives the lease up at once (a clean stop), so a standby takes over without waiting out the ttl.</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken ct = default);
}
