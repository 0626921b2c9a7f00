using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Subscriptions;

/// <summary>
/// The subscription form exactly as posted: every field raw text. Its alert fields (kind, N, query, minimum upvotes and
/// the similar-papers fields) are an <see cref="AlertInput"/>; the rest says who gets it, how often, in which zone.
/// </summary>
public sealed record SubscriptionForm(string? Email, string? Query, string? Frequency, string? MinUpvotes, string? Kind = null, string? TopN = null, string? TimeZone = null,
    string? Description = null, string? Examples = null, string? Threshold = null)
{
    public AlertInput Alert => new(Kind, Query, MinUpvotes, TopN, Description, Examples, Threshold);
}

/// <summary>
/// A form that passed validation. <paramref name="TopN"/> set makes it a top alert, whose <paramref name="Query"/> is an
/// optional filter; otherwise the query is required.
/// </summary>
/// <paramref name="TimeZone"/> is an IANA name, or null for the operator's zone.
/// <paramref name="Similar"/> set makes it a similar-papers alert, whose query is an optional keyword filter.
public sealed record SubscriptionRequest(EmailAddress Email, ParsedQuery? Query, DigestFrequency Frequency, int? MinUpvotes, int? TopN = null,
    string? TimeZone = null, Semantic.SimilarAlert? Similar = null)
{
    /// <summary>The query as stored: normalised, or empty for a top alert without a filter.</summary>
    public string StoredQuery => Query?.Normalized ?? "";

    /// <summary>The alert in words, for the confirmation email.</summary>
    public string Description => Similar is { } similar ? AlertKinds.DescribeSimilar(similar, StoredQuery) : AlertKinds.Describe(StoredQuery, TopN, Frequency);
}

/// <summary>Either a <see cref="SubscriptionRequest"/> or messages keyed by field name (Email, Query, Frequency, MinUpvotes, …).</summary>
public sealed record SubscriptionFormResult(SubscriptionRequest? Request, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Request is not null;
}

public static class SubscriptionFormValidator
{
    /// <summary>
    /// Checks every field at once: the alert by <see cref="AlertInput.Validate"/> (under <paramref name="rules"/>:
    /// by default similar-papers alerts are allowed with the built-in closeness), then address, frequency and zone.
    /// </summary>
    public static SubscriptionFormResult Validate(SubscriptionForm form, AlertRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var email = EmailAddress.TryParse(form.Email, out var emailError);
        if (emailError is not null) errors[nameof(form.Email)] = emailError;

        var alert = form.Alert.Validate(rules);
        foreach (var (field, message) in alert.Errors) errors[field] = message;

        if (!DigestFrequencyText.TryParse(form.Frequency, out var frequency))
            errors[nameof(form.Frequency)] = "Choose daily or weekly.";

        var timeZone = Scheduling.TimeZoneName.Validate(form.TimeZone, out var zoneError);
        if (zoneError is not null) errors[nameof(form.TimeZone)] = zoneError;

        return errors.Count == 0 && alert.Alert is { } valid
            ? new SubscriptionFormResult(new SubscriptionRequest(email!, valid.Query, frequency, valid.MinUpvotes, valid.TopN, timeZone, valid.Similar), errors)
            : new SubscriptionFormResult(null, errors);
    }
}
