using PaperMail.Core.Admin;

namespace PaperMail.Web.Admin.Pages;

/// <summary>
/// Find a subscriber by address and, on a privacy request, delete them with everything they own. Both are POSTs so the
/// address never appears in a URL or an access log.
/// </summary>
public sealed class SubscribersModel(ISubscriberAdminStore store, ILogger<SubscribersModel> logger) : PageModel
{
    public string? Email { get; private set; }
    public bool Searched { get; private set; }
    public SubscriberDetails? Subscriber { get; private set; }
    public bool Deleted { get; private set; }

    public void OnGet(bool deleted) => Deleted = deleted;

    public async Task<IActionResult> OnPostFindAsync(string? email, CancellationToken ct)
    {
        Email = email?.Trim();
        if (string.IsNullOrEmpty(Email)) return Page();
        Searched = true;
        Subscriber = await store.FindByEmailAsync(Email, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        if (!await store.DeleteAsync(id, ct)) return NotFound();
        logger.LogInformation("Admin deleted subscriber {SubscriberId} and everything they owned (privacy request)", id);
        return RedirectToPage(new { deleted = true });
    }
}
