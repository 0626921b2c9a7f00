namespace PaperMail.Web.Configuration;

public static class OptionsBuilderExtensions
{
    /// <summary>
    /// Binds <paramref name="section"/> and checks its data annotations on start, each error naming the full key
    /// (<c>ValidateDataAnnotations</c> names only the property).
    /// </summary>
    public static OptionsBuilder<TOptions> BindAndValidate<TOptions>(this OptionsBuilder<TOptions> builder, string section)
        where TOptions : class
    {
        builder.BindConfiguration(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new KeyedAnnotationsValidator<TOptions>(section));
        return builder;
    }
}
