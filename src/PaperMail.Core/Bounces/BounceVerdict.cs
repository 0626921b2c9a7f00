namespace PaperMail.Core.Bounces;

/// <summary>What a failure report means for the recipient's address.</summary>
public enum BounceVerdict
{
    /// <summary>The address does not exist or is disabled: suppress it now.</summary>
    Hard,

    /// <summary>It may work later (mailbox full, a delay that ran out): counted; enough of them in a window suppress.</summary>
    Soft,

    /// <summary>The recipient reported the mail as spam (ARF feedback): suppress now; only the admin may lift it.</summary>
    Complaint,

    /// <summary>Says nothing against the address: an auto-reply, a delay notice, or a refusal aimed at PaperMail's relay or message.</summary>
    Ignore,
}

public static class BounceVerdictText
{
    public static string ToText(this BounceVerdict verdict) => verdict switch
    {
        BounceVerdict.Hard => "hard",
        BounceVerdict.Soft => "soft",
        BounceVerdict.Complaint => "complaint",
        _ => "ignore",
    };

    public static bool TryParse(string? text, out BounceVerdict verdict)
    {
        verdict = text?.Trim().ToLowerInvariant() switch
        {
            "hard" => BounceVerdict.Hard,
            "soft" => BounceVerdict.Soft,
            "complaint" => BounceVerdict.Complaint,
            "ignore" => BounceVerdict.Ignore,
            _ => (BounceVerdict)(-1),
        };
        return Enum.IsDefined(verdict);
    }
}
