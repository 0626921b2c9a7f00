using PaperMail.Core.Email;

namespace PaperMail.Web.Mail;

public static class MailExtensions
{
    /// <summary>
    /// Everything that sends mail, bound to <c>PaperMail:Smtp</c> and <c>PaperMail:Dkim</c> and checked on start: the
    /// SMTP delivery pool (one per app; the container's disposal at shutdown finishes the messages in flight and closes
    /// the sessions), the sender of single emails, DKIM signing and the Razor email templates.
    /// </summary>
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindAndValidate(SmtpOptions.Section);
        builder.Services.AddOptions<DkimOptions>().BindConfiguration(DkimOptions.Section).Validate(
            o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.Selector) && File.Exists(o.PrivateKeyPath)),
            "PaperMail:Dkim:Selector and PaperMail:Dkim:PrivateKeyPath (an existing PEM file) are required when PaperMail:Dkim:Domain is set.").ValidateOnStart();
        builder.Services.AddSingleton<SmtpDeliveryPool>();
        builder.Services.AddSingleton<ISmtpDelivery>(services => services.GetRequiredService<SmtpDeliveryPool>());
        builder.Services.AddSingleton<IEmailSender, PooledEmailSender>();
        builder.Services.AddSingleton<DkimSignerFactory>();
        builder.Services.AddSingleton<PaperMail.Templates.EmailTemplateRenderer>();
        return builder;
    }
}
