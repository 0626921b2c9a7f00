using PaperMail.Core.Matching.Preview;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Core.Subscriptions;
using PaperMail.Core.Trending;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>The subscription form. Posts answer 303 to /check-inbox whether or not the address is known.</summary>
[RequestSizeLimit(64 * 1024)]
public sealed class IndexModel(
    SubscriptionFlow flow, PreviewService previews, TrendingBrowser trending, IOptions<SemanticOptions> semantic, IPaperStore papers, IServiceProvider services,
    IOptions<PaperMail.Core.Digests.DigestOptions> digestOptions) : PageModel
{
    /// <summary>
    /// Top papers or papers matching a query. The form opens on top papers unless a query link says otherwise; a post
    /// without a kind (an older form, a script) is a query alert, as the validator reads it.
    /// </summary>
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? TopN { get; set; } = TrendingFilter.DefaultTopN.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Query { get; set; }
    [BindProperty] public string? Frequency { get; set; } = "weekly";
    [BindProperty] public string? MinUpvotes { get; set; }

    /// <summary>An IANA zone, filled in from the browser by the form's script; empty: the operator's zone.</summary>
    [BindProperty] public string? TimeZone { get; set; }

    public string OperatorZone => digestOptions.Value.TimeZone;

    public int SendHour => digestOptions.Value.SendHourUtc;

    /// <summary>Similar-papers alerts: a description and/or example papers (ids or links), and how close a paper must be.</summary>
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Examples { get; set; }
    [BindProperty] public string? Threshold { get; set; }

    /// <summary>The bot trap: hidden from people, filled in by naive bots.</summary>
    [BindProperty] public string? Website { get; set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public PreviewModel? Preview { get; private set; }

    public bool IsTop => Kind == AlertKinds.Top;

    public bool IsSimilar => Kind == AlertKinds.Similar;

    /// <summary>Similar-papers alerts are offered only when the server runs the embedding model.</summary>
    public bool SemanticEnabled => semantic.Value.Enabled;

    /// <summary>Where the slider starts: the default for the alert's kind ("More like this" arrives with an example).</summary>
    public double DefaultThreshold => semantic.Value.DefaultThresholdFor(string.IsNullOrWhiteSpace(Examples) ? 0 : 1);

    public SimilarPreview? SimilarPreview { get; private set; }

    /// <summary>
    /// <c>?q=</c> (the example links, "Get these by email" on /papers) fills in the query and shows its preview without
    /// JavaScript; <c>kind=query</c> or <c>kind=top</c> chooses the kind (a query alone means a query alert).
    /// </summary>
    public async Task OnGetAsync(string? q, string? kind, string? like, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(like) && SemanticEnabled)
        {
            // "More like this" on the browse pages: a similar-papers alert with that paper as its example.
            Kind = AlertKinds.Similar;
            Examples = like.Length > 2000 ? like[..2000] : like;
            Preview = await PreviewAsync(ct);
            return;
        }
        if (kind is AlertKinds.Top or AlertKinds.Query) Kind = kind;
        else Kind = string.IsNullOrEmpty(q) ? AlertKinds.Top : AlertKinds.Query;
        if (string.IsNullOrEmpty(q)) return;
        Query = q;
        Preview = await PreviewAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Website)) return CheckInbox();
        var result = SubscriptionFormValidator.Validate(
            new SubscriptionForm(Email, Query, Frequency, MinUpvotes, Kind, TopN, TimeZone, Description, Examples, Threshold), Rules);
        if (result.Request?.Similar is { } similar && await SimilarAlertInput.UnknownExamplesAsync(similar, papers, ct) is { } unknown)
            result = new SubscriptionFormResult(null, new Dictionary<string, string> { ["Examples"] = unknown });
        if (result.Request is not { } request)
        {
            Errors = result.Errors;
            return Page();
        }
        await flow.RequestAsync(request, ct);
        return CheckInbox();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        Preview = await PreviewAsync(ct);
        return Page();
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var message) ? message : null;

    private SeeOtherResult CheckInbox() => new(Url.Page("/Subscribing/Pages/CheckInbox")!);

    private AlertRules Rules => AlertRules.For(semantic.Value);

    private async Task<PreviewModel> PreviewAsync(CancellationToken ct)
    {
        var input = new AlertInput(Kind, Query, MinUpvotes, TopN, Description, Examples, Threshold).Validate(Rules);
        if (input.Alert is not { } alert)
            return new PreviewModel(null, null, IsSimilar ? string.Join(" ", input.Messages) : input.FirstError);
        if (alert.Similar is { } similar)
        {
            var preview = await services.GetRequiredService<SimilarPreviewService>().PreviewAsync(similar, alert.Query, alert.MinUpvotes, ct);
            if (preview is null) return new PreviewModel(null, null, SimilarAlertInput.UnknownExamples(similar.Examples) ?? "Nothing to compare with yet.");
            SimilarPreview = preview;
            return new PreviewModel(alert.Query?.Normalized, null, null) { Similar = preview };
        }
        if (alert.TopN is { } n)
        {
            // The digest's own ranking and selection, over the latest day (or week) the store holds.
            var weekly = Frequency != "daily";
            var top = await trending.PreviewTopAsync(new TrendingFilter(n, alert.Query, alert.MinUpvotes), weekly, ct);
            var label = AlertKinds.Describe(alert.StoredQuery, n, weekly ? DigestFrequency.Weekly : DigestFrequency.Daily);
            return new PreviewModel(alert.Query?.Normalized, null, null, top, label);
        }
        return new PreviewModel(alert.Query!.Normalized, await previews.PreviewAsync(alert.Query, alert.MinUpvotes, ct), null);
    }
}
