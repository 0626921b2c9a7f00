using System.ComponentModel.DataAnnotations;

namespace PaperMail.Web.Configuration;

/// <summary>Data-annotation checks of one settings section whose messages name the full key (<c>PaperMail:Links:UnsubscribeDays</c>).</summary>
public sealed class KeyedAnnotationsValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}

public static class KeyedAnnotationsExtensions
{
    /// <summary>Binds a section and checks it on start, each message naming the key to fix.</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindAndValidate(section);
}
