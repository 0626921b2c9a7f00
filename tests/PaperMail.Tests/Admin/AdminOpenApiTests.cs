using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

[Collection(nameof(AppCollection))]
public class AdminOpenApiTests
{
    [Fact]
    public async Task TheOpenApiDocumentListsEveryAdminRouteAndNothingElse()
    {
        await using var app = new PaperMailApp();
        var client = app.CreateAdminClient();

        var response = await client.GetAsync("/openapi/admin.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .Order().ToList();

        // What the app really routes, read from its endpoints rather than from the document's own source.
        var routed = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["?"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order().ToList();

        Assert.NotEmpty(routed);
        Assert.Equal(routed, documented);
        // The three routes the admin API had before this document existed are among them.
        Assert.Contains("POST /api/admin/jobs/{name}", documented);
        Assert.Contains("GET /api/admin/jobs/{jobId}", documented);
        Assert.Contains("GET /api/admin/stats", documented);
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
    }

    [Fact]
    public async Task TheOpenApiDocumentNeedsTheAdminApiKey()
    {
        await using var app = new PaperMailApp();
        var wrongKey = app.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/openapi/admin.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/openapi/admin.json")).StatusCode);
    }
}
