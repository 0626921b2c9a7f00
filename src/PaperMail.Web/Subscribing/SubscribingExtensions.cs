using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing;

public static class SubscribingExtensions
{
    /// <summary>The public pages: subscription form, confirmation, manage and unsubscribe.</summary>
    public static WebApplicationBuilder AddSubscribing(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SubscriptionFlow>();
        builder.Services.AddLinksAndLimits();
        return builder;
    }
}
