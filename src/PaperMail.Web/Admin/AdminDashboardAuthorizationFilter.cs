using Hangfire.Dashboard;

namespace PaperMail.Web.Admin;

/// <summary>
/// Replaces Hangfire's default local-requests-only rule (behind a reverse proxy every request is local): only a user
/// signed in through the admin login passes. The endpoint's authorization policy already challenges anonymous users;
/// this is the dashboard's own second check.
/// </summary>
public sealed class AdminDashboardAuthorizationFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == AdminAuth.Scheme) && user.IsInRole(AdminAuth.Role);
    }
}
