using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>
/// The link in the confirmation email. GET only shows what will be confirmed, with a button: mail gateways and
/// clients open every link in an email, and must not confirm for the person. The POST (antiforgery-protected)
/// confirms; the token is single use, so confirming again says so and changes nothing.
/// </summary>
public sealed class ConfirmModel(SubscriptionFlow flow) : PageModel
{
    public ConfirmationPreview? Preview { get; private set; }
    public ConfirmedAlert? Confirmed { get; private set; }
    public string? ManageUrl { get; private set; }
    public string? UnsubscribeUrl { get; private set; }

    public bool AlreadyConfirmed => Preview?.AlreadyConfirmed == true || Confirmed?.AlreadyConfirmed == true;

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        Preview = await flow.PeekConfirmationAsync(token, ct);
        if (Preview is null) Response.StatusCode = StatusCodes.Status404NotFound;
    }

    public async Task OnPostAsync(string token, CancellationToken ct)
    {
        Confirmed = await flow.ConfirmAsync(token, ct);
        if (Confirmed is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (Confirmed.AlreadyConfirmed) return;
        var urls = await flow.CreateLinksAsync(Confirmed.SubscriberId, [TokenPurpose.Manage, TokenPurpose.Unsubscribe], ct);
        (ManageUrl, UnsubscribeUrl) = (urls[0], urls[1]);
    }
}
