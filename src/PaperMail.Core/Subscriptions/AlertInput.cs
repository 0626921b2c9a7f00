using System.Globalization;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;

namespace PaperMail.Core.Subscriptions;

/// <summary>
/// An alert exactly as a person typed it, from whichever page or API: every field raw text. <paramref name="Kind"/> is
/// <c>top</c>, <c>similar</c>, or <c>query</c> (also when absent). <see cref="Validate"/> is the one place that decides
/// whether such an alert is valid and what it becomes when stored; stored alerts are trusted as stored.
/// </summary>
public sealed record AlertInput(
    string? Kind, string? Query, string? MinUpvotes, string? TopN = null,
    string? Description = null, string? Examples = null, string? Threshold = null)
{
    public const int MaxMinUpvotes = 1_000_000;

    /// <summary>The field names errors are keyed by, in the order a single-message place reports them.</summary>
    public static readonly string[] Fields = ["TopN", "Query", "MinUpvotes", "Description", "Examples", "Threshold"];

    public const string KindMessage = "Choose top papers or papers matching a query.";
    public const string TopNMessage = "Choose 5, 10 or 20 top papers.";
    public const string ControlCharactersMessage = "The query contains control characters.";
    public const string MinUpvotesMessage = "Minimum upvotes must be a whole number from 0 to 1,000,000 (or empty).";

    /// <summary>Checks every field at once; errors are keyed by <see cref="Fields"/>.</summary>
    public AlertInputResult Validate(AlertRules? rules = null)
    {
        rules ??= AlertRules.Default;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        QueryError? queryError = null;

        var (kind, topN, kindError) = ReadKind(rules);
        if (kindError is not null) errors["TopN"] = kindError;

        // A query alert needs its query; for the other kinds (and a kind not understood) it is an optional filter.
        ParsedQuery? query = null;
        if (kind == AlertKinds.Query || !string.IsNullOrWhiteSpace(Query))
        {
            query = ReadQuery(Query, out var message, out queryError);
            if (message is not null) errors["Query"] = message;
        }

        var minUpvotes = ReadMinUpvotes(MinUpvotes, out var minError);
        if (minError is not null) errors["MinUpvotes"] = minError;

        SimilarAlert? similar = null;
        if (kind == AlertKinds.Similar)
        {
            var result = SimilarAlertInput.Validate(new SimilarAlertForm(Description, Examples, Threshold), rules.DefaultThreshold, rules.ExamplesDefaultThreshold);
            foreach (var (field, message) in result.Errors) errors[field] = message;
            similar = result.Alert;
        }

        return errors.Count == 0
            ? new AlertInputResult(new ValidAlert(query, minUpvotes, topN, similar), errors, null)
            : new AlertInputResult(null, errors, queryError);
    }

    private (string? Kind, int? TopN, string? Error) ReadKind(AlertRules rules)
    {
        switch (Kind?.Trim())
        {
            case null or "" or AlertKinds.Query:
                return (AlertKinds.Query, null, null);
            case AlertKinds.Top:
                if (string.IsNullOrWhiteSpace(TopN)) return (AlertKinds.Top, Trending.TrendingFilter.DefaultTopN, null);
                if (int.TryParse(TopN.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && Trending.TrendingFilter.TopNChoices.Contains(n))
                    return (AlertKinds.Top, n, null);
                return (AlertKinds.Top, null, TopNMessage);
            case AlertKinds.Similar when rules.SimilarRefused is null:
                return (AlertKinds.Similar, null, null);
            case AlertKinds.Similar:
                return (null, null, rules.SimilarRefused);
            default:
                return (null, null, KindMessage);
        }
    }

    /// <summary>
    /// The query rule: no control characters, and the parser's grammar and limits. <paramref name="message"/> says
    /// where, for a form; <paramref name="located"/> is the parser's own error, for an API that reports the column.
    /// </summary>
    public static ParsedQuery? ReadQuery(string? text, out string? message, out QueryError? located)
    {
        message = null;
        located = null;
        if (text is not null && text.Any(c => char.IsControl(c) && c is not '\t' and not '\r' and not '\n'))
        {
            message = ControlCharactersMessage;
            return null;
        }
        var parsed = QueryParser.Parse(text);
        if (parsed.IsSuccess) return parsed.Query;
        located = parsed.Error;
        message = $"{parsed.Error!.Message} (at character {parsed.Error.Column}).";
        return null;
    }

    /// <summary>Empty means no minimum; otherwise a whole number from 0 to 1,000,000.</summary>
    public static int? ReadMinUpvotes(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxMinUpvotes) return value;
        error = MinUpvotesMessage;
        return null;
    }
}

/// <summary>
/// What a place accepts besides the fixed rules: the closeness a similar-papers alert starts with (from a description
/// alone, and once it has example papers), and why that kind is refused here (null: it is offered).
/// </summary>
public sealed record AlertRules(
    double DefaultThreshold = SimilarAlert.DefaultThreshold,
    string? SimilarRefused = null,
    double ExamplesDefaultThreshold = SimilarAlert.ExamplesDefaultThreshold)
{
    public const string SwitchedOff = "Similar-papers alerts are switched off on this server.";

    public static readonly AlertRules Default = new();

    /// <summary>Where similar-papers alerts are offered whenever the server runs the model.</summary>
    public static AlertRules For(SemanticOptions semantic)
    {
        ArgumentNullException.ThrowIfNull(semantic);
        return new(semantic.DefaultThreshold, semantic.Enabled ? null : SwitchedOff, semantic.ExamplesDefaultThreshold);
    }
}

/// <summary>
/// A valid alert, normalised as it is stored: a top alert when <paramref name="TopN"/> is set, a similar-papers alert
/// when <paramref name="Similar"/> is (the query then an optional filter), else a query alert.
/// </summary>
public sealed record ValidAlert(ParsedQuery? Query, int? MinUpvotes, int? TopN, SimilarAlert? Similar)
{
    public string Kind => Similar is not null ? AlertKinds.Similar : TopN is not null ? AlertKinds.Top : AlertKinds.Query;

    /// <summary>The query as stored: normalised, or empty when a top or similar-papers alert has no filter.</summary>
    public string StoredQuery => Query?.Normalized ?? "";
}

/// <summary>
/// Either a <see cref="ValidAlert"/> or messages keyed by field (<see cref="AlertInput.Fields"/>). A query error from
/// the parser also comes as <paramref name="QueryError"/>, with its column.
/// </summary>
public sealed record AlertInputResult(ValidAlert? Alert, IReadOnlyDictionary<string, string> Errors, QueryError? QueryError)
{
    public bool IsValid => Alert is not null;

    /// <summary>The first message in field order: what a place with room for one message (the manage page) shows.</summary>
    public string? FirstError => Messages.FirstOrDefault();

    /// <summary>Every message, in field order.</summary>
    public IEnumerable<string> Messages => AlertInput.Fields.Where(Errors.ContainsKey).Select(f => Errors[f])
        .Concat(Errors.Where(e => !AlertInput.Fields.Contains(e.Key)).Select(e => e.Value));

    /// <summary>
    /// The one rule the pure check cannot apply: a similar-papers alert's examples must be papers PaperMail holds.
    /// An unknown one makes the result invalid with its message under <c>Examples</c>.
    /// </summary>
    public async Task<AlertInputResult> RequireKnownExamplesAsync(IPaperStore papers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(papers);
        if (Alert?.Similar is not { } similar) return this;
        return await SimilarAlertInput.UnknownExamplesAsync(similar, papers, ct) is { } message
            ? new AlertInputResult(null, new Dictionary<string, string>(StringComparer.Ordinal) { ["Examples"] = message }, null)
            : this;
    }
}
