using PaperMail.Core.Operations;
using PaperMail.Web.Admin;
using PaperMail.Web.Mail;
using Prometheus;

namespace PaperMail.Web.Observability;

public static class MetricsExtensions
{
    /// <summary>The PaperMail meter, its Prometheus export, and the metered SMTP pool. Call after <c>AddMail</c>.</summary>
    public static WebApplicationBuilder AddPaperMailMetrics(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindAndValidate(MetricsOptions.Section);
        services.AddMetrics();
        services.AddSingleton<PaperMailMetrics>();
        services.AddSingleton<PrometheusExport>();
        // Replaces AddMail's registration (the last one wins): every sender then goes through the meter.
        services.AddSingleton<ISmtpDelivery>(sp => new MeteredSmtpDelivery(sp.GetRequiredService<SmtpDeliveryPool>(), sp.GetRequiredService<PaperMailMetrics>()));
        services.AddHostedService<LocalMetricsServer>();
        return builder;
    }

    /// <summary><c>/metrics</c> behind the admin API key, unless it is served on its own local port.</summary>
    public static WebApplication MapPaperMailMetrics(this WebApplication app)
    {
        // Created now so the adapter listens from the start, not from the first scrape.
        var export = app.Services.GetRequiredService<PrometheusExport>();
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options is { Enabled: true, Port: null })
        {
            app.MapMetrics("/metrics", export.Registry).RequireAuthorization(AdminApi.Policy);
        }
        return app;
    }
}
