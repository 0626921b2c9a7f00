using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Mail;

/// <summary>
/// Who PaperMail's mail comes from (<c>PaperMail:Smtp:FromAddress</c>, <c>FromName</c>). The connection settings of the
/// same section (Host, Port, Security, Username, Password, MaxConnections) are read by the delivery pool.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "PaperMail:Smtp";

    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "PaperMail";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(FromAddress) || !MimeKit.MailboxAddress.TryParse(FromAddress, out var from) || !from.Address.Contains('@'))
            yield return new ValidationResult($"{Section}:FromAddress must be an email address such as papermail@example.org.", [nameof(FromAddress)]);
    }
}
