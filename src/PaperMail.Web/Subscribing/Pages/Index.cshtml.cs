using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PaperMail.Core.Matching.Preview;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>The subscription form. Posts answer 303 to /check-inbox whether or not the address is known.</summary>
[RequestSizeLimit(64 * 1024)]
public sealed class IndexModel(SubscriptionFlow flow, PreviewService previews) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Query { get; set; }
    [BindProperty] public string? Frequency { get; set; } = "weekly";
    [BindProperty] public string? MinUpvotes { get; set; }

    /// <summary>The bot trap: hidden from people, filled in by naive bots.</summary>
    [BindProperty] public string? Website { get; set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public PreviewModel? Preview { get; private set; }

    /// <summary><c>?q=</c> (the example links) fills in the query and shows its preview without JavaScript.</summary>
    public async Task OnGetAsync(string? q, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(q)) return;
        Query = q;
        Preview = await PreviewAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Website)) return CheckInbox();
        var result = SubscriptionFormValidator.Validate(new SubscriptionForm(Email, Query, Frequency, MinUpvotes));
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

    private async Task<PreviewModel> PreviewAsync(CancellationToken ct)
    {
        var query = SubscriptionFormValidator.ValidateQuery(Query, out var error);
        var min = SubscriptionFormValidator.ValidateMinUpvotes(MinUpvotes, out var minError);
        if (query is null || minError is not null) return new PreviewModel(null, null, error ?? minError);
        return new PreviewModel(query.Normalized, await previews.PreviewAsync(query, min, ct), null);
    }
}
