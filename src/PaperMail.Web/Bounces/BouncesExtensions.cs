using Microsoft.Extensions.Options;
using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;
using PaperMail.Store.Sqlite;

namespace PaperMail.Web.Bounces;

public static class BouncesExtensions
{
    /// <summary>Bounce and complaint handling: options (<c>PaperMail:Bounces</c>, checked on start) and the stores.</summary>
    public static WebApplicationBuilder AddBounces(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BounceOptions>().BindConfiguration(BounceOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BounceOptions>, BounceOptionsValidator>();
        builder.Services.AddSingleton<IBounceStore, SqliteBounceStore>();
        builder.Services.AddSingleton<ISuppressionStore, SqliteSuppressionStore>();
        builder.Services.AddSingleton<IDeliveryStatusStore, SqliteDeliveryStatusStore>();
        return builder;
    }
}
