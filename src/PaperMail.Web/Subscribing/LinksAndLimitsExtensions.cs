namespace PaperMail.Web.Subscribing;

public static class LinksAndLimitsExtensions
{
    /// <summary>Link lifetimes, the abuse caps and the "email me a manage link" sender, with their settings checked on start.</summary>
    public static IServiceCollection AddLinksAndLimits(this IServiceCollection services)
    {
        services.AddCheckedOptions<EmailLinkOptions>(EmailLinkOptions.Section);
        services.AddCheckedOptions<AbuseLimitOptions>(AbuseLimitOptions.Section);
        services.AddScoped<SubscriptionAbuseGuard>();
        services.AddScoped<ManageLinkMailer>();
        return services;
    }
}
