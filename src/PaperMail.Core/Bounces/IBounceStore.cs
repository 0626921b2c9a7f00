namespace PaperMail.Core.Bounces;

/// <summary>
/// One report against an address: a refusal at RCPT, a bounce or complaint read from the mailbox, or a provider's
/// webhook. <paramref name="EventKey"/> names the report itself, so the same report recorded twice counts once.
/// </summary>
/// <param name="Source">Where it came from: <c>smtp</c>, <c>mailbox</c> or <c>webhook</c>.</param>
public sealed record BounceEvent(
    long SubscriberId, BounceVerdict Verdict, string? Status, string Detail, string Source, string EventKey, DateTimeOffset At);

/// <summary>How many soft bounces within how long suppress an address (default 3 in 30 days).</summary>
public sealed record SoftBouncePolicy(int Limit, TimeSpan Window)
{
    public static SoftBouncePolicy Default { get; } = new(3, TimeSpan.FromDays(30));
}

public enum BounceRecorded
{
    /// <summary>This report was recorded before; nothing changed.</summary>
    Duplicate,

    /// <summary>Recorded; the address is still mailed (a soft bounce under the limit, or a verdict that does not suppress).</summary>
    Counted,

    /// <summary>Recorded, and the address is suppressed now.</summary>
    Suppressed,

    /// <summary>Recorded; the address was suppressed already.</summary>
    AlreadySuppressed,
}

/// <summary>The envelope a message went out with: its opaque VERP id and Message-Id, and whom it was for.</summary>
public sealed record SentEnvelope(string VerpId, long SubscriberId, string MessageId);

/// <summary>Bounce reports, the suppressions they cause, and the envelopes that let a bounce find its subscriber.</summary>
public interface IBounceStore
{
    /// <summary>
    /// Records a report and applies it in one transaction: a hard bounce or a complaint suppresses the address, a soft
    /// bounce does once <see cref="SoftBouncePolicy.Limit"/> of them fall within the window. A report whose
    /// <see cref="BounceEvent.EventKey"/> is known already changes nothing.
    /// </summary>
    Task<BounceRecorded> RecordAsync(BounceEvent bounce, SoftBouncePolicy policy, CancellationToken ct = default);

    /// <summary>Remembers the envelopes of messages about to be sent (one write for all).</summary>
    Task RecordEnvelopesAsync(IReadOnlyList<SentEnvelope> envelopes, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// The subscriber a bounce is about: by the VERP id it was addressed to, else by the Message-Id of the message that
    /// bounced, else by the address that failed. Null when none of them is known.
    /// </summary>
    Task<long?> FindSubscriberAsync(string? verpId, string? originalMessageId, string? failedRecipient, CancellationToken ct = default);
}
