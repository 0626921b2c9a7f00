using System.Globalization;
using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Subscriptions;

/// <summary>
/// The subscription form exactly as posted: every field is raw text. <paramref name="Kind"/> is <c>top</c> (the N most
/// upvoted papers, <paramref name="TopN"/>, optionally filtered by the query) or <c>query</c>; absent means query.
/// </summary>
public sealed record SubscriptionForm(string? Email, string? Query, string? Frequency, string? MinUpvotes, string? Kind = null, string? TopN = null, string? TimeZone = null);

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
        string? queryError = null;
        var email = EmailAddress.TryParse(form.Email, out var emailError);
        if (emailError is not null) errors[nameof(form.Email)] = emailError;

        var topN = ValidateKind(form.Kind, form.TopN, out var kindError);
        if (kindError is not null) errors[nameof(form.TopN)] = kindError;

        var query = topN is not null && string.IsNullOrWhiteSpace(form.Query) ? null : ValidateQuery(form.Query, out queryError);
        if (queryError is not null) errors[nameof(form.Query)] = queryError;

        if (!DigestFrequencyText.TryParse(form.Frequency, out var frequency))
            errors[nameof(form.Frequency)] = "Choose daily or weekly.";

        var minUpvotes = ValidateMinUpvotes(form.MinUpvotes, out var upvotesError);
        if (upvotesError is not null) errors[nameof(form.MinUpvotes)] = upvotesError;

        var timeZone = Scheduling.TimeZoneName.Validate(form.TimeZone, out var zoneError);
        if (zoneError is not null) errors[nameof(form.TimeZone)] = zoneError;

        return errors.Count == 0
            ? new SubscriptionFormResult(new SubscriptionRequest(email!, query, frequency, minUpvotes, topN, timeZone), errors)
            : new SubscriptionFormResult(null, errors);
    }

    /// <summary>
    /// The alert kind and its N, shared by the form and the manage page: null for a query alert (kind absent or
    /// <c>query</c>); for <c>top</c>, N from <see cref="Trending.TrendingFilter.TopNChoices"/>, 10 when left out.
    /// </summary>
    public static int? ValidateKind(string? kind, string? topN, out string? error)
    {
        error = null;
        switch (kind?.Trim())
        {
            case null or "" or AlertKinds.Query:
                return null;
            case AlertKinds.Top:
                if (string.IsNullOrWhiteSpace(topN)) return Trending.TrendingFilter.DefaultTopN;
                if (int.TryParse(topN.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && Trending.TrendingFilter.TopNChoices.Contains(n)) return n;
                error = "Choose 5, 10 or 20 top papers.";
                return null;
            default:
                error = "Choose top papers or papers matching a query.";
                return null;
        }
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
