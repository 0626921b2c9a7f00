using PaperMail.Web.Configuration;

namespace PaperMail.Web.Mail;

public static class DeliveryExtensions
{
    /// <summary>
    /// The SMTP delivery pool, bound to <c>PaperMail:Smtp</c>. One pool per app; the container's disposal at shutdown
    /// finishes the messages in flight and closes the sessions.
    /// </summary>
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpDeliveryOptions>().BindAndValidate(SmtpDeliveryOptions.Section);
        builder.Services.AddSingleton<SmtpDeliveryPool>();
        builder.Services.AddSingleton<ISmtpDelivery>(services => services.GetRequiredService<SmtpDeliveryPool>());
        return builder;
    }
}
