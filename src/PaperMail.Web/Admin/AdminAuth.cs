namespace PaperMail.Web.Admin;

/// <summary>Names shared by the admin pages' login, the pages themselves and the job dashboard.</summary>
public static class AdminAuth
{
    public const string Scheme = "AdminCookie";
    public const string Policy = "AdminPages";
    public const string Role = "admin";
    public const string LoginPath = "/admin/login";
}
