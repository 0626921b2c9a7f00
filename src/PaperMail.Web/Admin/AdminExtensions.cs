namespace PaperMail.Web.Admin;

/// <summary>The operator's side: the JSON API and its OpenAPI document behind the API key, the pages behind the login.</summary>
public static class AdminExtensions
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder) =>
        builder.AddAdminApi().AddAdminOpenApi().AddAdminPages();

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapAdminApi();
        app.MapAdminOpenApi();
        return app.MapAdminPages();
    }
}
