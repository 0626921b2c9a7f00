using PaperMail.Core.Admin;

namespace PaperMail.Web.Admin;

/// <summary>
/// Outside Development the admin password must be set, and as a hash; a configured hash must be one we can check; an
/// API key must be long enough not to be guessed.
/// </summary>
public sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<PaperMailOptions>
{
    public const int MinApiKeyLength = 32;

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
        else if (!AdminPasswordHash.IsHash(admin.Password) && !environment.IsDevelopment())
        {
            // A plain password in a settings file or the environment leaks with every backup and process listing.
            errors.Add("PaperMail:Admin:Password must be a hash outside Development, not the password itself: make one with "
                       + "`dotnet run --project src/PaperMail.Web -- hash-password`.");
        }
        if (!string.IsNullOrEmpty(admin.ApiKey) && admin.ApiKey.Length < MinApiKeyLength && !environment.IsDevelopment())
        {
            errors.Add($"PaperMail:Admin:ApiKey must be at least {MinApiKeyLength} characters outside Development (it has {admin.ApiKey.Length}); "
                       + "for example `openssl rand -base64 32`, or leave it empty to turn the admin API off.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
