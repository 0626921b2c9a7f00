using Microsoft.Extensions.Options;
using PaperMail.Core.Configuration;

namespace PaperMail.Web.Configuration;

public static class ConfigurationExtensions
{
    /// <summary>Binds the PaperMail section and refuses to start on a bad value, naming the key.</summary>
    public static WebApplicationBuilder AddPaperMailOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaperMailOptions>()
            .BindConfiguration(PaperMailOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PaperMailOptions>, PaperMailOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
