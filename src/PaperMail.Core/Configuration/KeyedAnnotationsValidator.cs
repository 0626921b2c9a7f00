using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PaperMail.Core.Configuration;

/// <summary>
/// Data-annotation checks of one options object whose messages name the full configuration key
/// (<c>PaperMail:Digest:SendHourUtc</c>), where the built-in validation names only the property.
/// </summary>
public sealed class KeyedAnnotationsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = Errors(options, section);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Each failed annotation as "<c>{section}:{Property}: {message}</c>".</summary>
    public static List<string> Errors(object target, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
        return [.. results.Select(r => Message(section, r))];
    }

    private static string Message(string section, ValidationResult result)
    {
        var message = result.ErrorMessage ?? "is not valid.";
        // Messages written for an operator already start with the key they are about.
        if (message.StartsWith(section + ":", StringComparison.Ordinal)) return message;
        var members = result.MemberNames.ToList();
        return members.Count == 0
            ? $"{section}: {message}"
            : $"{string.Join(", ", members.Select(m => $"{section}:{m}"))}: {message}";
    }
}
