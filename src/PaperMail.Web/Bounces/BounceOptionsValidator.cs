using MimeKit;
using PaperMail.Core.Bounces;

namespace PaperMail.Web.Bounces;

/// <summary>Checks <c>PaperMail:Bounces</c> on start; every message names the full key.</summary>
public sealed class BounceOptionsValidator : IValidateOptions<BounceOptions>
{
    public ValidateOptionsResult Validate(string? name, BounceOptions options)
    {
        var errors = new List<string>();
        const string prefix = BounceOptions.Section;
        if (!string.IsNullOrWhiteSpace(options.Address)
            && (!MailboxAddress.TryParse(options.Address, out var address) || !address.Address.Contains('@') || address.Address != options.Address.Trim() || address.LocalPart.Contains('+')))
        {
            errors.Add($"{prefix}:Address must be a plain address without a '+', such as bounces@example.org.");
        }
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            if (string.IsNullOrWhiteSpace(options.Username)) errors.Add($"{prefix}:Username is required when {prefix}:Host is set.");
            if (string.IsNullOrEmpty(options.Password)) errors.Add($"{prefix}:Password is required when {prefix}:Host is set.");
            if (string.IsNullOrWhiteSpace(options.Folder)) errors.Add($"{prefix}:Folder must not be empty.");
            if (options.Processed == ProcessedMail.Move && string.IsNullOrWhiteSpace(options.MoveTo)) errors.Add($"{prefix}:MoveTo must name a folder when {prefix}:Processed is Move.");
        }
        if (options.Port is < 0 or > 65535) errors.Add($"{prefix}:Port must be between 0 (the default for the security) and 65535.");
        if (options.SoftBounceLimit is < 1 or > 100) errors.Add($"{prefix}:SoftBounceLimit must be between 1 and 100.");
        if (options.SoftBounceWindowDays is < 1 or > 365) errors.Add($"{prefix}:SoftBounceWindowDays must be between 1 and 365.");
        if (options.RelayRejectionThreshold is < 2 or > 1000) errors.Add($"{prefix}:RelayRejectionThreshold must be between 2 and 1000.");
        if (options.MaxMessagesPerRun is < 1 or > 100_000) errors.Add($"{prefix}:MaxMessagesPerRun must be between 1 and 100000.");
        if (options.WebhookRequestsPerMinute is < 1 or > 100_000) errors.Add($"{prefix}:WebhookRequestsPerMinute must be between 1 and 100000.");
        if (!string.IsNullOrEmpty(options.WebhookSecret) && options.WebhookSecret.Length < 24) errors.Add($"{prefix}:WebhookSecret must be at least 24 characters.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
