using PaperMail.Core.Subscriptions;

namespace PaperMail.Core.Semantic;

/// <summary>
/// The subscription form when it asks for similar papers: the usual email, frequency and minimum upvotes, the query
/// as an optional keyword filter, and the similar-papers fields. Pure: whether the examples are known papers is
/// checked by the caller.
/// </summary>
public static class SimilarSubscription
{
    public static SubscriptionFormResult Validate(SubscriptionForm form, SimilarAlertForm similar, double defaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var email = EmailAddress.TryParse(form.Email, out var emailError);
        if (emailError is not null) errors[nameof(form.Email)] = emailError;
        string? queryError = null;
        var filter = string.IsNullOrWhiteSpace(form.Query) ? null : SubscriptionFormValidator.ValidateQuery(form.Query, out queryError);
        if (queryError is not null) errors[nameof(form.Query)] = queryError;
        if (!DigestFrequencyText.TryParse(form.Frequency, out var frequency)) errors[nameof(form.Frequency)] = "Choose daily or weekly.";
        var minUpvotes = SubscriptionFormValidator.ValidateMinUpvotes(form.MinUpvotes, out var upvotesError);
        if (upvotesError is not null) errors[nameof(form.MinUpvotes)] = upvotesError;
        var timeZone = Scheduling.TimeZoneName.Validate(form.TimeZone, out var zoneError);
        if (zoneError is not null) errors[nameof(form.TimeZone)] = zoneError;
        var result = SimilarAlertInput.Validate(similar, defaultThreshold);
        foreach (var (field, message) in result.Errors) errors[field] = message;
        return errors.Count == 0
            ? new SubscriptionFormResult(new SubscriptionRequest(email!, filter, frequency, minUpvotes, null, timeZone, result.Alert), errors)
            : new SubscriptionFormResult(null, errors);
    }
}
