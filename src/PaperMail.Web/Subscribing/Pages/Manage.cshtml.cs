using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>
/// Everything about one address, reached through the manage link in every email. The token proves the inbox, so
/// changes here need no further confirmation. Every successful post redirects back (303) with a short notice.
/// </summary>
[RequestSizeLimit(64 * 1024)]
public sealed class ManageModel(SubscriptionFlow flow, ISubscriptionStore store, ISubscriptionLinkStore links, SubscriptionAbuseGuard guard,
    TimeProvider clock, ISemanticStore semantic, IPaperStore papers, IOptions<SemanticOptions> semanticOptions) : PageModel
{
    public SubscriberView? Subscriber { get; private set; }

    /// <summary>The alert a failed edit was for (-1: the "add" form), with the message and the fields as typed.</summary>
    public EditProblem? Problem { get; private set; }

    public sealed record EditProblem(long AlertId, string Message, string? Query, string? MinUpvotes, string? Kind, string? TopN,
        string? Description = null, string? Examples = null, string? Threshold = null);

    [FromQuery(Name = "done")] public string? Done { get; set; }

    public async Task OnGetAsync(string token, CancellationToken ct) => await LoadAsync(token, ct);

    /// <summary>
    /// Saves an alert's query, minimum and kind (top papers with its N, or a query); absent kind keeps a query alert.
    /// A similar-papers alert (kind <c>similar</c>) also saves its description, examples and closeness.
    /// </summary>
    public Task<IActionResult> OnPostSaveAsync(string token, long alertId, string? query, string? minUpvotes, string? kind, string? topN,
        string? description, string? examples, string? threshold, CancellationToken ct) =>
        ChangeAsync(token, ct, async id =>
        {
            if (kind?.Trim() == AlertKinds.Similar) return await SaveSimilarAsync(id, alertId, new AlertInput(kind, query, minUpvotes, topN, description, examples, threshold), ct);
            if (!TryValidate(alertId, query, minUpvotes, kind, topN, out var alert)) return null;
            await store.UpdateAlertAsync(id, alertId, alert.Query, alert.Min, clock.GetUtcNow(), ct, alert.TopN);
            return "saved";
        });

    /// <summary>The rules of the subscription form, the unknown examples too; a text change has the match job embed the alert again.</summary>
    private async Task<string?> SaveSimilarAsync(long subscriberId, long alertId, AlertInput input, CancellationToken ct)
    {
        var result = await input.Validate(AlertRules.For(semanticOptions.Value)).RequireKnownExamplesAsync(papers, ct);
        if (result.Alert is not { Similar: { } similar } valid)
        {
            Problem = new EditProblem(alertId, string.Join(" ", result.Messages), input.Query, input.MinUpvotes, input.Kind, input.TopN, input.Description, input.Examples, input.Threshold);
            return null;
        }
        return await semantic.UpdateSimilarAlertAsync(subscriberId, alertId, similar, valid.StoredQuery, valid.MinUpvotes, clock.GetUtcNow(), ct) ? "saved" : "unchanged";
    }

    public Task<IActionResult> OnPostAddAsync(string token, string? query, string? minUpvotes, string? kind, string? topN, CancellationToken ct) =>
        ChangeAsync(token, ct, async id =>
        {
            if (!TryValidate(-1, query, minUpvotes, kind, topN, out var alert)) return null;
            if (!await guard.MayAddAlertAsync(id, ct))
            {
                Problem = new EditProblem(-1, $"You have {MaxAlerts} alerts, the most one address may have. Delete or edit one instead.",
                    query, minUpvotes, kind, topN);
                return null;
            }
            await store.AddActiveAlertAsync(id, alert.Query, alert.Min, clock.GetUtcNow(), ct, alert.TopN);
            return "added";
        });

    /// <summary>The rules of the subscription form: a top alert's query is an optional filter, a query alert's is required.</summary>
    private bool TryValidate(long alertId, string? query, string? minUpvotes, string? kind, string? topN, out (string Query, int? Min, int? TopN) alert)
    {
        alert = default;
        var result = new AlertInput(kind, query, minUpvotes, topN).Validate(AddHere);
        if (result.Alert is not { } valid)
        {
            Problem = new EditProblem(alertId, result.FirstError!, query, minUpvotes, kind, topN);
            return false;
        }
        alert = (valid.StoredQuery, valid.MinUpvotes, valid.TopN);
        return true;
    }

    /// <summary>Similar-papers alerts are made on the subscription form (where their preview is), not by this page's add.</summary>
    private static readonly AlertRules AddHere = new(SimilarRefused: AlertInput.KindMessage);

    public Task<IActionResult> OnPostPauseAsync(string token, long alertId, CancellationToken ct) =>
        ChangeAsync(token, ct, async id => await store.SetPausedAsync(id, alertId, true, clock.GetUtcNow(), ct) ? "paused" : "unchanged");

    public Task<IActionResult> OnPostResumeAsync(string token, long alertId, CancellationToken ct) =>
        ChangeAsync(token, ct, async id => await store.SetPausedAsync(id, alertId, false, clock.GetUtcNow(), ct) ? "resumed" : "unchanged");

    public Task<IActionResult> OnPostDeleteAsync(string token, long alertId, CancellationToken ct) =>
        ChangeAsync(token, ct, async id => await store.DeleteAlertAsync(id, alertId, clock.GetUtcNow(), ct) ? "deleted" : "unchanged");

    public Task<IActionResult> OnPostFrequencyAsync(string token, string? frequency, CancellationToken ct) =>
        ChangeAsync(token, ct, async id =>
        {
            if (!DigestFrequencyText.TryParse(frequency, out var parsed)) return "unchanged";
            await store.SetFrequencyAsync(id, parsed, clock.GetUtcNow(), ct);
            return "saved";
        });

    /// <summary>The zone digests follow (an IANA name; empty: the operator's). The next digest due in it uses it.</summary>
    public Task<IActionResult> OnPostTimeZoneAsync(string token, string? timeZone, [FromServices] PaperMail.Core.Scheduling.ISubscriberTimeZoneStore zones, CancellationToken ct) =>
        ChangeAsync(token, ct, async id =>
        {
            var zone = PaperMail.Core.Scheduling.TimeZoneName.Validate(timeZone, out var error);
            if (error is not null) return "unchanged";
            await zones.SetAsync(id, zone, ct);
            return "saved";
        });

    public Task<IActionResult> OnPostUnsubscribeAsync(string token, CancellationToken ct) =>
        ChangeAsync(token, ct, async id =>
        {
            await store.UnsubscribeAsync(id, "manage-page", clock.GetUtcNow(), ct);
            return "unsubscribed";
        });

    /// <summary>"Sign out all links": this page's link and every other manage link stop working; unsubscribe links keep working.</summary>
    public Task<IActionResult> OnPostSignOutAsync(string token, CancellationToken ct) =>
        ChangeAsync(token, ct, async id =>
        {
            await links.RevokeLinksAsync(id, clock.GetUtcNow(), ct);
            return "signed-out";
        });

    /// <summary>A new private feed address, shown once (only its hash is kept); the previous one stops working.</summary>
    public async Task<IActionResult> OnPostFeedAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct) || Subscriber!.State is not (SubscriberState.Active or SubscriberState.Pending)) return Page();
        var (feedToken, hash) = SubscriptionToken.Create();
        await links.ReplaceFeedTokenAsync(Subscriber.Id, hash, clock.GetUtcNow(), ct);
        FeedUrl = flow.Link($"feeds/{feedToken}.atom");
        return Page();
    }

    /// <summary>The feed address just made (only on the answer to the post that made it).</summary>
    public string? FeedUrl { get; private set; }

    public int MaxAlerts => guard.MaxAlertsPerSubscriber;

    public string? Notice => Done switch
    {
        "saved" => "Saved.",
        "added" => "Alert added.",
        "paused" => "Alert paused: it sends nothing until you resume it.",
        "resumed" => "Alert resumed.",
        "deleted" => "Alert deleted.",
        _ => null,
    };

    /// <summary>Runs a change for the token's subscriber; null from the change means "show the page with the problem".</summary>
    private async Task<IActionResult> ChangeAsync(string token, CancellationToken ct, Func<long, Task<string?>> change)
    {
        if (!await LoadAsync(token, ct) || Subscriber!.State is not (SubscriberState.Active or SubscriberState.Pending)) return Page();
        var done = await change(Subscriber.Id);
        if (done is null) return Page();
        // After these the link no longer works: the answer goes to a page that needs none.
        if (done == "unsubscribed") return new SeeOtherResult(Url.Page("/Subscribing/Pages/Unsubscribed")!);
        if (done == "signed-out") return new SeeOtherResult(Url.Page("/Subscribing/Pages/RequestManageLink", new { done })!);
        return new SeeOtherResult(Url.Page("/Subscribing/Pages/Manage", new { token, done })!);
    }

    private async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        if (await flow.FindSubscriberAsync(token, TokenPurpose.Manage, ct) is { } id) Subscriber = await store.GetSubscriberAsync(id, ct);
        if (Subscriber is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Subscriber is not null;
    }
}
