using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Mail;

/// <summary>
/// <c>PaperMail:Smtp</c>, the one options class of that section: who PaperMail's mail comes from, and the mail server
/// the delivery pool sends through.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "PaperMail:Smtp";

    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "PaperMail";

    [Required(ErrorMessage = "PaperMail:Smtp:Host is required to send mail.")]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>
    /// SHA-256 fingerprint (hex, colons optional) of the mail server's certificate, to accept a self-signed relay
    /// certificate without turning verification off; certificates the system trusts are always accepted.
    /// </summary>
    [RegularExpression("^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$", ErrorMessage = "PaperMail:Smtp:CertificateSha256 must be 64 hex digits (colons allowed).")]
    public string? CertificateSha256 { get; set; }

    /// <summary>Leave empty to send without authenticating.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Connections kept open at most; each carries many messages one after another.</summary>
    [Range(1, 64)]
    public int MaxConnections { get; set; } = 4;

    /// <summary>The name PaperMail gives in EHLO; empty uses the machine's host name.</summary>
    public string? LocalDomain { get; set; }

    /// <summary>Longest wait for any one server reply or socket write.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest time one message may take, connecting included; past it the message is a transient failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A provider's quota: messages per second across the whole pool; 0 = unlimited.</summary>
    [Range(0, 100_000, ErrorMessage = "PaperMail:Smtp:MaxMessagesPerSecond must be between 0 (unlimited) and 100000.")]
    public int MaxMessagesPerSecond { get; set; }

    /// <summary>A provider's quota: messages per hour across the whole pool; 0 = unlimited.</summary>
    [Range(0, 100_000_000, ErrorMessage = "PaperMail:Smtp:MaxMessagesPerHour must be between 0 (unlimited) and 100000000.")]
    public int MaxMessagesPerHour { get; set; }

    /// <summary>Messages in a row that get no answer from the relay (refused, dropped, timed out) before a digest run stops.</summary>
    [Range(1, 1000, ErrorMessage = "PaperMail:Smtp:RelayDownAfter must be between 1 and 1000.")]
    public int RelayDownAfter { get; set; } = 3;

    /// <summary>A connection idle this long is checked with NOOP before use, since servers close idle sessions.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan IdleProbeAfter { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(FromAddress) || !MimeKit.MailboxAddress.TryParse(FromAddress, out var from) || !from.Address.Contains('@'))
            yield return new ValidationResult($"{Section}:FromAddress must be an email address such as papermail@example.org.", [nameof(FromAddress)]);
    }
}
