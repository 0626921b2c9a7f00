using System.Text.Json;
using PaperMail.Core.Portability;
using PaperMail.Core.Subscriptions;
using PaperMail.Web.Admin;
using PaperMail.Web.Subscribing;

namespace PaperMail.Web.Portability;

/// <summary>Data in and out of PaperMail: the admin's CSV export and import (a page under /admin), and a subscriber's own data as JSON.</summary>
public static class PortabilityExtensions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static WebApplicationBuilder AddPortability(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SubscriberImport>();
        return builder;
    }

    public static WebApplication MapPortability(this WebApplication app)
    {
        app.MapGet("/admin/export/subscribers.csv", ExportCsvAsync).RequireAuthorization(AdminAuth.Policy);
        app.MapGet("/manage/{token}/data.json", PersonalDataAsync).RequireRateLimiting(RateLimiting.PreviewPolicy);
        return app;
    }

    private static async Task ExportCsvAsync(HttpContext http, IPortabilityStore store, TimeProvider clock, CancellationToken ct)
    {
        var rows = await store.GetExportRowsAsync(ct);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"papermail-subscribers-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
        http.Response.Headers.CacheControl = "no-store";
        await SubscriberCsv.WriteAsync(http.Response.Body, rows, ct);
    }

    private static async Task<IResult> PersonalDataAsync(string token, SubscriptionFlow flow, IPortabilityStore store, HttpContext http, CancellationToken ct)
    {
        if (await flow.FindSubscriberAsync(token, TokenPurpose.Manage, ct) is not { } id || await store.GetPersonalDataAsync(id, ct) is not { } data)
        {
            return Results.NotFound();
        }
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"papermail-my-data.json\"";
        return Results.Text(JsonSerializer.Serialize(data, Json), "application/json; charset=utf-8");
    }
}
