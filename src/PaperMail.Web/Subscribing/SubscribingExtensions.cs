using PaperMail.Core.Subscriptions;
using PaperMail.Store.Sqlite;

namespace PaperMail.Web.Subscribing;

public static class SubscribingExtensions
{
    /// <summary>The public pages: subscription form, confirmation, manage and unsubscribe.</summary>
    public static WebApplicationBuilder AddSubscribing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SqliteSubscriptionStore>();
        builder.Services.AddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<SqliteSubscriptionStore>());
        builder.Services.AddSingleton<ISubscriptionLinkStore>(sp => sp.GetRequiredService<SqliteSubscriptionStore>());
        builder.Services.AddScoped<SubscriptionFlow>();
        builder.Services.AddLinksAndLimits();
        return builder;
    }
}
