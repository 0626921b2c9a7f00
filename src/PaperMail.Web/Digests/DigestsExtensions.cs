using PaperMail.Core.Digests;
using PaperMail.Store.Sqlite;
using PaperMail.Web.Mail;

namespace PaperMail.Web.Digests;

public static class DigestsExtensions
{
    public static WebApplicationBuilder AddDigests(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DkimOptions>().BindConfiguration(DkimOptions.Section).Validate(
            o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.Selector) && File.Exists(o.PrivateKeyPath)),
            "PaperMail:Dkim:Selector and PaperMail:Dkim:PrivateKeyPath (an existing PEM file) are required when PaperMail:Dkim:Domain is set.").ValidateOnStart();
        builder.Services.AddSingleton<IDigestStore, SqliteDigestStore>();
        builder.Services.AddSingleton<DkimSignerFactory>();
        builder.Services.AddSingleton<DigestComposer>();
        builder.Services.AddScoped<DigestLinkMinter>();
        builder.Services.AddScoped<IDigestMailer, DigestMailer>();
        builder.Services.AddScoped<DigestService>();
        builder.Services.AddScoped<DigestJob>();
        return builder;
    }
}
