namespace PaperMail.Core.Bounces;

/// <summary>What the words of a refusal point at, for replies and bounces that carry no useful status code.</summary>
internal static class FailureWords
{
    private static readonly string[] Unknown =
    [
        "user unknown", "unknown user", "no such user", "unknown recipient", "recipient unknown", "no such recipient",
        "does not exist", "doesn't exist", "no mailbox", "mailbox not found", "mailbox unavailable", "mailbox is unavailable",
        "invalid recipient", "invalid mailbox", "invalid address", "address unknown", "not a valid mailbox", "unrouteable address",
        "account disabled", "account has been disabled", "account is disabled", "mailbox disabled", "no longer available",
        "user not found", "recipient not found", "address not found", "unknown local part", "not our customer",
        "unknown address", "no valid recipients", "not listed in", "bad destination", "host or domain name not found", "domain not found",
    ];

    private static readonly string[] Full =
    [
        "mailbox full", "mailbox is full", "over quota", "quota exceeded", "exceeded storage", "insufficient storage",
        "mailbox size limit", "exceeds quota", "out of storage", "is over its quota", "mail quota",
    ];

    private static readonly string[] RelayOrPolicy =
    [
        "relay", "relaying", "policy", "spam", "blocked", "blacklist", "blocklist", "listed", "reputation",
        "authentication", "not authorized", "not permitted", "access denied", "spf", "dkim", "dmarc", "rbl",
        "sender address rejected", "sender rejected", "content rejected", "virus",
    ];

    public static bool UnknownMailbox(string? text) => Contains(text, Unknown);

    public static bool MailboxFull(string? text) => Contains(text, Full);

    public static bool PointsAtRelayOrPolicy(string? text) => Contains(text, RelayOrPolicy);

    private static bool Contains(string? text, string[] phrases)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var phrase in phrases)
        {
            if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
