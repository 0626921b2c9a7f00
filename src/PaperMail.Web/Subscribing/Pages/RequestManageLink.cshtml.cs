using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>Anyone may ask for a fresh manage link by address; the answer is the same whether or not it subscribes.</summary>
[RequestSizeLimit(16 * 1024)]
public sealed class RequestManageLinkModel(ManageLinkMailer mailer) : PageModel
{
    [BindProperty] public string? Email { get; set; }

    public string? Error { get; private set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (EmailAddress.TryParse(Email, out var error) is not { } address)
        {
            Error = error;
            return Page();
        }
        await mailer.SendAsync(address, ct);
        Sent = true;
        return Page();
    }
}
