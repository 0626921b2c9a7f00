using Microsoft.AspNetCore.Mvc.RazorPages;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>The link in the confirmation email: activates the address and the alert, and shows what was confirmed.</summary>
public sealed class ConfirmModel(SubscriptionFlow flow) : PageModel
{
    public ConfirmedAlert? Confirmed { get; private set; }
    public string? ManageUrl { get; private set; }
    public string? UnsubscribeUrl { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        Confirmed = await flow.ConfirmAsync(token, ct);
        if (Confirmed is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var urls = await flow.CreateLinksAsync(Confirmed.SubscriberId, [TokenPurpose.Manage, TokenPurpose.Unsubscribe], ct);
        (ManageUrl, UnsubscribeUrl) = (urls[0], urls[1]);
    }
}
