using System.Globalization;
using PaperMail.Core.Matching;

namespace PaperMail.Core.Subscriptions;

/// <summary>The subscription form exactly as posted: every field is raw text.</summary>
public sealed record SubscriptionForm(string? Email, string? Query, string? Frequency, string? MinUpvotes);

/// <summary>A form that passed validation.</summary>
public sealed record SubscriptionRequest(EmailAddress Email, ParsedQuery Query, DigestFrequency Frequency, int? MinUpvotes);

/// <summary>Either a <see cref="SubscriptionRequest"/> or messages keyed by field name (Email, Query, Frequency, MinUpvotes).</summary>
public sealed record SubscriptionFormResult(SubscriptionRequest? Request, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Request is not null;
}

public static class SubscriptionFormValidator
{
    public const int MaxMinUpvotes = 1_000_000;

    public static SubscriptionFormResult Validate(SubscriptionForm form)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var email = EmailAddress.TryParse(form.Email, out var emailError);
        if (emailError is not null) errors[nameof(form.Email)] = emailError;

        var query = ValidateQuery(form.Query, out var queryError);
        if (queryError is not null) errors[nameof(form.Query)] = queryError;

        if (!DigestFrequencyText.TryParse(form.Frequency, out var frequency))
            errors[nameof(form.Frequency)] = "Choose daily or weekly.";

        var minUpvotes = ValidateMinUpvotes(form.MinUpvotes, out var upvotesError);
        if (upvotesError is not null) errors[nameof(form.MinUpvotes)] = upvotesError;

        return errors.Count == 0
            ? new SubscriptionFormResult(new SubscriptionRequest(email!, query!, frequency, minUpvotes), errors)
            : new SubscriptionFormResult(null, errors);
    }

    /// <summary>The query rules shared by the form and the manage page.</summary>
    public static ParsedQuery? ValidateQuery(string? text, out string? error)
    {
        error = null;
        if (text is not null && text.Any(c => char.IsControl(c) && c is not '\t' and not '\r' and not '\n'))
        {
            error = "The query contains control characters.";
            return null;
        }
        var parsed = QueryParser.Parse(text);
        if (parsed.IsSuccess) return parsed.Query;
        error = $"{parsed.Error.Message} (at character {parsed.Error.Column}).";
        return null;
    }

    /// <summary>Empty means no minimum; otherwise a whole number from 0 to 1,000,000.</summary>
    public static int? ValidateMinUpvotes(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxMinUpvotes) return value;
        error = "Minimum upvotes must be a whole number from 0 to 1,000,000 (or empty).";
        return null;
    }
}
