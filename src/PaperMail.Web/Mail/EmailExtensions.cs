using Microsoft.Extensions.Options;
using PaperMail.Core.Email;
using PaperMail.Web.Configuration;

namespace PaperMail.Web.Mail;

public static class EmailExtensions
{
    /// <summary>SMTP sending and the Razor email templates; settings are checked on start.</summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindAndValidate(SmtpOptions.Section);
        builder.Services.AddSingleton<IEmailSender, PooledEmailSender>();
        builder.Services.AddSingleton<PaperMail.Templates.EmailTemplateRenderer>();
        return builder;
    }
}
