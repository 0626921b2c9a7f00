using Microsoft.AspNetCore.Authentication;
using PaperMail.Web.Admin;

namespace PaperMail.Web.Admin.Pages;

/// <summary>POST only (with antiforgery): a link or an image elsewhere cannot log the admin out.</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Admin/Pages/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AdminAuth.Scheme);
        return LocalRedirect(AdminAuth.LoginPath);
    }
}
