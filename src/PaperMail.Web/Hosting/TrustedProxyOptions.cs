using System.Net;

namespace PaperMail.Web.Hosting;

/// <summary>
/// Settings under <c>PaperMail:ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c> is believed.
/// Loopback is always trusted; a proxy on another machine must be listed, or every client shares the proxy's address
/// (and its rate limits).
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "PaperMail:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

public sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
                errors.Add($"{TrustedProxyOptions.Section}:KnownProxies:{i} '{options.KnownProxies[i]}' is not an IP address.");
        }
        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
                errors.Add($"{TrustedProxyOptions.Section}:KnownNetworks:{i} '{options.KnownNetworks[i]}' is not a network in CIDR form (like 10.0.0.0/24).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
