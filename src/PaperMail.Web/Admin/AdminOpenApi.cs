using Microsoft.OpenApi;

namespace PaperMail.Web.Admin;

/// <summary>
/// The OpenAPI document of the JSON admin API (every route under <c>/api/admin</c>, nothing else), at
/// <c>/openapi/admin.json</c> for callers with the admin API key.
/// </summary>
public static class AdminOpenApi
{
    public const string DocumentName = "admin";
    private const string KeyScheme = "ApiKey";

    public static WebApplicationBuilder AddAdminOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = api => api.RelativePath?.StartsWith("api/admin/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "PaperMail admin API";
                document.Info.Description = "Run jobs now, follow them, read the numbers. Every call needs the header X-Api-Key.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthenticationHandler.HeaderName,
                    Description = "PaperMail:Admin:ApiKey",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapAdminOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(AdminApi.Policy);
        return app;
    }
}
