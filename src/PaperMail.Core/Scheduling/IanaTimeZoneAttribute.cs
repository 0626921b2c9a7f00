using System.ComponentModel.DataAnnotations;

namespace PaperMail.Core.Scheduling;

/// <summary>An options value that must be an IANA time-zone name this system knows.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IanaTimeZoneAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is string name && TimeZoneName.Find(name) is not null
            ? ValidationResult.Success
            : new ValidationResult($"'{value}' is not an IANA time-zone name known here (such as UTC or Europe/Berlin).", [context.MemberName!]);
}
