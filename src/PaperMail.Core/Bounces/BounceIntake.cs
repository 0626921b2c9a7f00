namespace PaperMail.Core.Bounces;

/// <summary>What became of one reported recipient.</summary>
public enum IntakeOutcome
{
    /// <summary>No subscriber is known by the VERP id, the Message-Id or the address.</summary>
    UnknownSubscriber,

    /// <summary>The verdict says nothing against the address (an auto-reply, a delay, a refusal of PaperMail's relay).</summary>
    Ignored,

    Duplicate,
    Counted,
    Suppressed,
    AlreadySuppressed,
}

/// <summary>
/// Applies one recipient of a bounce report, whichever way it came (the bounce mailbox or a provider's webhook): finds
/// the subscriber by VERP id, else by the Message-Id of the message that bounced, else by the failed address, and
/// records the verdict under a key that names the report, so the same report applied twice counts once.
/// </summary>
public sealed class BounceIntake(IBounceStore store, TimeProvider clock)
{
    public async Task<IntakeOutcome> ApplyAsync(string? verpId, string? originalMessageId, BounceRecipient recipient, string source, string eventKey,
        SoftBouncePolicy policy, CancellationToken ct)
    {
        if (recipient.Verdict == BounceVerdict.Ignore) return IntakeOutcome.Ignored;
        if (await store.FindSubscriberAsync(verpId, originalMessageId, recipient.Address, ct) is not { } subscriberId) return IntakeOutcome.UnknownSubscriber;
        var recorded = await store.RecordAsync(
            new BounceEvent(subscriberId, recipient.Verdict, recipient.Status, recipient.Reason, source, eventKey, clock.GetUtcNow()), policy, ct);
        return recorded switch
        {
            BounceRecorded.Duplicate => IntakeOutcome.Duplicate,
            BounceRecorded.Suppressed => IntakeOutcome.Suppressed,
            BounceRecorded.AlreadySuppressed => IntakeOutcome.AlreadySuppressed,
            _ => IntakeOutcome.Counted,
        };
    }
}
