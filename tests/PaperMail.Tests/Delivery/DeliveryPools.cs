using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Delivery;

internal static class DeliveryPools
{
    /// <summary>A pool aimed at a test server on 127.0.0.1, with timeouts short enough for a test.</summary>
    public static SmtpDeliveryPool For(int port, int maxConnections = 1, Action<SmtpOptions>? configure = null)
    {
        var options = new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = SmtpSecurity.None,
            MaxConnections = maxConnections,
            LocalDomain = "papermail.test",
            CommandTimeout = TimeSpan.FromSeconds(10),
            SendTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        return new SmtpDeliveryPool(Options.Create(options), NullLogger<SmtpDeliveryPool>.Instance);
    }
}
