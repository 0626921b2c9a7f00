namespace PaperMail.Core.Bounces;

/// <summary>An address PaperMail no longer mails, and why.</summary>
/// <param name="Reason"><c>hard</c>, <c>soft</c> (too many soft bounces) or <c>complaint</c>.</param>
/// <param name="Source">Where the deciding report came from: <c>smtp</c>, <c>mailbox</c> or <c>webhook</c>.</param>
public sealed record Suppression(long SubscriberId, string Email, string Reason, string? Status, string? Detail, string Source, DateTimeOffset Since);

/// <summary>Which suppressions an admin looks at or lifts: by reason, and by when they were made (both bounds inclusive).</summary>
public sealed record SuppressionFilter(string? Reason = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public static readonly IReadOnlyList<string> Reasons = ["hard", "soft", "complaint"];
}

/// <summary>The suppression list as the admin sees it.</summary>
public interface ISuppressionStore
{
    Task<IReadOnlyList<Suppression>> ListAsync(SuppressionFilter filter, int limit, int offset, CancellationToken ct = default);

    Task<int> CountAsync(SuppressionFilter filter, CancellationToken ct = default);

    /// <summary>Mails the address again; false if it was not suppressed.</summary>
    Task<bool> LiftAsync(long subscriberId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Lifts every suppression the filter selects, in one transaction; returns how many.</summary>
    Task<int> LiftAllAsync(SuppressionFilter filter, DateTimeOffset now, CancellationToken ct = default);
}
