using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>
/// GET asks, POST unsubscribes. No antiforgery: RFC 8058 one-click POSTs (<c>List-Unsubscribe=One-Click</c>) come
/// from mail providers without a token of ours; the unguessable token in the URL is the authority.
/// </summary>
[IgnoreAntiforgeryToken]
[RequestSizeLimit(16 * 1024)]
public sealed class UnsubscribeModel(SubscriptionFlow flow, ISubscriptionStore store, TimeProvider clock) : PageModel
{
    public bool Known { get; private set; }
    public bool Done { get; private set; }
    public string? Email { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is { } subscriber)
        {
            Known = true;
            Email = subscriber.Email;
            Done = subscriber.State is SubscriberState.Unsubscribed or SubscriberState.Suppressed;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    public async Task OnPostAsync(string token, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } subscriber)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var oneClick = string.Equals(Request.HasFormContentType ? Request.Form["List-Unsubscribe"].ToString() : null, "One-Click", StringComparison.Ordinal);
        await store.UnsubscribeAsync(subscriber.Id, oneClick ? "one-click" : "unsubscribe-page", clock.GetUtcNow(), ct);
        Known = true;
        Done = true;
        Email = subscriber.Email;
    }

    private async Task<SubscriberView?> FindAsync(string token, CancellationToken ct) =>
        await flow.FindSubscriberAsync(token, TokenPurpose.Unsubscribe, ct) is { } id ? await store.GetSubscriberAsync(id, ct) : null;
}
