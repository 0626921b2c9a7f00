using Microsoft.Extensions.Options;

namespace PaperMail.Core.Configuration;

/// <summary>
/// Checks what data annotations cannot: the source list. Every message names the configuration key to fix.
/// </summary>
public sealed class PaperMailOptionsValidator : IValidateOptions<PaperMailOptions>
{
    public ValidateOptionsResult Validate(string? name, PaperMailOptions options)
    {
        var errors = new List<string>();
        errors.AddRange(KeyedAnnotationsValidator<PaperMailOptions>.Errors(options, PaperMailOptions.Section));
        errors.AddRange(KeyedAnnotationsValidator<HttpOptions>.Errors(options.Http, $"{PaperMailOptions.Section}:Http"));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var s = options.Sources[i];
            var key = $"PaperMail:Sources:{i}";
            if (string.IsNullOrWhiteSpace(s.Name)) errors.Add($"{key}:Name is required.");
            else if (!names.Add(s.Name)) errors.Add($"{key}:Name '{s.Name}' is used by another source; names must be unique.");
            switch (s.ParsedKind)
            {
                case null:
                    errors.Add($"{key}:Kind '{s.Kind}' is not a source kind: use one of {string.Join(", ", Enum.GetNames<SourceKind>())}.");
                    break;
                case SourceKind.ArxivApi or SourceKind.ArxivRss when !IsHttpUrl(s.Url):
                    errors.Add($"{key}:Url must be an absolute http(s) URL for kind {s.ParsedKind}.");
                    break;
                case SourceKind.HuggingFaceDaily when s.Url is not null && !IsHttpUrl(s.Url):
                    errors.Add($"{key}:Url must be an absolute http(s) URL (or left out for the default).");
                    break;
                case SourceKind.File when string.IsNullOrWhiteSpace(s.Path):
                    errors.Add($"{key}:Path is required for kind File.");
                    break;
            }
            if (s.LookbackDays is < 1 or > 60) errors.Add($"{key}:LookbackDays must be between 1 and 60.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
