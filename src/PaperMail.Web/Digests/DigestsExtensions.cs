using PaperMail.Core.Digests;
using PaperMail.Web.Configuration;

namespace PaperMail.Web.Digests;

public static class DigestsExtensions
{
    public static WebApplicationBuilder AddDigests(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DigestOptions>().BindAndValidate(DigestOptions.Section);
        builder.Services.AddSingleton<DigestComposer>();
        builder.Services.AddScoped<DigestLinkMinter>();
        builder.Services.AddScoped<IDigestMailer, DigestMailer>();
        builder.Services.AddScoped<DigestService>();
        builder.Services.AddScoped<DigestJob>();
        return builder;
    }
}
