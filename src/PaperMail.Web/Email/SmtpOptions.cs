using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
    Auto,
}

/// <summary>Settings under <c>PaperMail:Smtp</c>.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "PaperMail:Smtp";

    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? Username { get; set; }
    public string? Password { get; set; }

    public string FromAddress { get; set; } = "";
    public string FromName { get; set; } = "PaperMail";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Host))
            yield return new ValidationResult($"{Section}:Host is required.", [nameof(Host)]);
        if (string.IsNullOrWhiteSpace(FromAddress) || !MimeKit.MailboxAddress.TryParse(FromAddress, out var from) || !from.Address.Contains('@'))
            yield return new ValidationResult($"{Section}:FromAddress must be an email address such as papermail@example.org.", [nameof(FromAddress)]);
        if (!string.IsNullOrEmpty(Username) && Password is null)
            yield return new ValidationResult($"{Section}:Password is required when {Section}:Username is set.", [nameof(Password)]);
    }
}
