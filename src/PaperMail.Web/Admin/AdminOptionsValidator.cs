using Microsoft.Extensions.Options;
using PaperMail.Core.Admin;
using PaperMail.Core.Configuration;

namespace PaperMail.Web.Admin;

/// <summary>Outside Development the admin password must be set; a configured hash must be one we can check.</summary>
public sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<PaperMailOptions>
{
    public ValidateOptionsResult Validate(string? name, PaperMailOptions options)
    {
        var admin = options.Admin;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(admin.Username)) errors.Add("PaperMail:Admin:Username must not be empty.");
        if (string.IsNullOrEmpty(admin.Password))
        {
            if (!environment.IsDevelopment())
            {
                errors.Add("PaperMail:Admin:Password is required outside Development: set a password, or a hash made with "
                           + "`dotnet run --project src/PaperMail.Web -- hash-password`.");
            }
        }
        else if (AdminPasswordHash.Problem(admin.Password) is { } problem)
        {
            errors.Add($"PaperMail:Admin:Password {problem}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
