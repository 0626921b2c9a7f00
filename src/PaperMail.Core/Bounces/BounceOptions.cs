using System.ComponentModel.DataAnnotations;

namespace PaperMail.Core.Bounces;

/// <summary>How the mailbox is secured; the same choices as for SMTP.</summary>
public enum MailboxSecurity
{
    None,
    StartTls,
    SslOnConnect,
    Auto,
}

/// <summary>What the <c>bounces</c> job does with a message it has processed.</summary>
public enum ProcessedMail
{
    Delete,
    Move,
}

/// <summary>
/// <c>PaperMail:Bounces</c>: the VERP envelope sender, the mailbox bounces arrive in (IMAP), the webhook's secret, and
/// when soft bounces suppress. Everything but the soft-bounce policy is optional: without <see cref="Address"/> mail goes
/// out with the From address as envelope sender; without <see cref="Host"/> the <c>bounces</c> job has nothing to read.
/// </summary>
public sealed class BounceOptions
{
    public const string Section = "PaperMail:Bounces";

    /// <summary>
    /// The bounce address, e.g. <c>bounces@example.org</c>: each message goes out as <c>MAIL FROM:&lt;bounces+{id}@example.org&gt;</c>
    /// with an opaque id of its own, so a bounce names the message it is about.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>The IMAP server holding the bounce mailbox.</summary>
    public string? Host { get; set; }

    /// <summary>0: 993 for SslOnConnect, else 143.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    public MailboxSecurity Security { get; set; } = MailboxSecurity.Auto;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The folder bounces arrive in.</summary>
    public string Folder { get; set; } = "INBOX";

    public ProcessedMail Processed { get; set; } = ProcessedMail.Delete;

    /// <summary>With <see cref="ProcessedMail.Move"/>: where processed mail goes (created if missing).</summary>
    public string MoveTo { get; set; } = "Processed";

    /// <summary>When the <c>bounces</c> job reads the mailbox (cron, UTC); it is scheduled only when <see cref="Host"/> is set.</summary>
    public string Schedule { get; set; } = "*/10 * * * *";

    /// <summary>Messages read per run at most; the rest wait for the next run.</summary>
    [Range(1, 100_000)]
    public int MaxMessagesPerRun { get; set; } = 500;

    /// <summary>Soft bounces within <see cref="SoftBounceWindowDays"/> that suppress an address.</summary>
    [Range(1, 100)]
    public int SoftBounceLimit { get; set; } = 3;

    [Range(1, 365)]
    public int SoftBounceWindowDays { get; set; } = 30;

    /// <summary>The same refusal for this many different recipients in a row is the relay's, not theirs.</summary>
    [Range(2, 1000)]
    public int RelayRejectionThreshold { get; set; } = 3;

    /// <summary>The secret a provider sends to <c>POST /api/bounces</c> (header <c>X-Bounce-Secret</c>); empty turns the webhook off.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Webhook requests per minute per client address.</summary>
    [Range(1, 100_000)]
    public int WebhookRequestsPerMinute { get; set; } = 600;

    public SoftBouncePolicy SoftBounces => new(SoftBounceLimit, TimeSpan.FromDays(SoftBounceWindowDays));
}
