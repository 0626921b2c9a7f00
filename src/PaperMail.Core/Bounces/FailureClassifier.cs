namespace PaperMail.Core.Bounces;

/// <summary>A failure's verdict for the address, the status that decided it and a short reason for people.</summary>
public sealed record FailureClass(BounceVerdict Verdict, string? Status, string Reason);

/// <summary>
/// Decides what a refusal says about the recipient, from the enhanced status code (RFC 3463) when there is one and
/// from the reply code and text when there is not. The same rules serve a 5xx on RCPT and a delivery status
/// notification that arrives later by email.
/// </summary>
/// <remarks>
/// <c>5.1.x</c> (bad mailbox or domain) and <c>5.2.1</c> (disabled) are the recipient's; <c>5.2.2</c> (full) may
/// pass; <c>5.7.x</c> (policy, relay denied, authentication), <c>5.3.x</c>, <c>5.4.x</c>, <c>5.5.x</c> and <c>5.6.x</c>
/// are about PaperMail's relay or message. Without an enhanced code, 550/551/553 are the recipient's only when the
/// text does not point at relaying or policy.
/// </remarks>
public static class FailureClassifier
{
    /// <param name="replyCode">The SMTP reply code (550, 452 …), when known.</param>
    /// <param name="status">The enhanced status code given on its own (a DSN's Status field), when there is one.</param>
    /// <param name="text">The server's words (reply text, Diagnostic-Code); an enhanced code in it is used when <paramref name="status"/> is absent.</param>
    public static FailureClass Classify(int? replyCode, string? status, string? text)
    {
        var code = EnhancedStatusCode.Find(status) ?? EnhancedStatusCode.Find(text);
        // "5.0.0" and "4.0.0" say no more than the reply code: decide on the words.
        if (code is { } c && !(c.Subject == 0 && c.Detail == 0))
        {
            return FromEnhanced(c, text);
        }

        var shown = code?.ToString() ?? (replyCode is { } r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        if (code is { Class: 4 } || replyCode is >= 400 and < 500) return new(BounceVerdict.Soft, shown, "temporary failure");
        if (FailureWords.MailboxFull(text)) return new(BounceVerdict.Soft, shown, "mailbox full");
        if (FailureWords.UnknownMailbox(text)) return new(BounceVerdict.Hard, shown, "no such mailbox");
        if (FailureWords.PointsAtRelayOrPolicy(text)) return new(BounceVerdict.Ignore, shown, "refused for a reason not the recipient's (relay, policy, reputation)");
        if (replyCode is 550 or 551 or 553) return new(BounceVerdict.Hard, shown, "mailbox unavailable");
        if (replyCode is 552) return new(BounceVerdict.Soft, shown, "mailbox full or message too large");
        if (replyCode is null && code is null) return new(BounceVerdict.Soft, shown, "delivery failed, reason not stated");
        return new(BounceVerdict.Ignore, shown, "refused, not because of the address");
    }

    private static FailureClass FromEnhanced(EnhancedStatusCode code, string? text)
    {
        var shown = code.ToString();
        if (code.Class == 4) return new(BounceVerdict.Soft, shown, "temporary failure");
        return (code.Subject, code.Detail) switch
        {
            (1, 7 or 8) => new(BounceVerdict.Ignore, shown, "PaperMail's sender address was refused"),
            (1, _) => new(BounceVerdict.Hard, shown, code.Detail == 2 ? "no such domain" : "no such mailbox"),
            (2, 1) => new(BounceVerdict.Hard, shown, "mailbox disabled"),
            (2, 2) => new(BounceVerdict.Soft, shown, "mailbox full"),
            (2, 3) => new(BounceVerdict.Ignore, shown, "message too large"),
            (2, _) => new(BounceVerdict.Soft, shown, "mailbox problem"),
            // "Other" within a subject (5.5.0, 5.7.0 …) is vague; servers use it for unknown users too.
            (_, 0) when FailureWords.UnknownMailbox(text) => new(BounceVerdict.Hard, shown, "no such mailbox"),
            // A hard-looking code with words that say "full" (some servers send 5.x.x for quota).
            _ when FailureWords.MailboxFull(text) => new(BounceVerdict.Soft, shown, "mailbox full"),
            (7, _) => new(BounceVerdict.Ignore, shown, "refused by policy (relay, authentication, reputation)"),
            (3, _) => new(BounceVerdict.Ignore, shown, "the receiving system failed"),
            (4, _) => new(BounceVerdict.Ignore, shown, "network or routing failure"),
            (5, _) => new(BounceVerdict.Ignore, shown, "protocol error"),
            (6, _) => new(BounceVerdict.Ignore, shown, "message content refused"),
            _ => new(BounceVerdict.Ignore, shown, "refused"),
        };
    }
}
