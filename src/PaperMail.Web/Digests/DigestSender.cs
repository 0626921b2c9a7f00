using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Web.Mail;

namespace PaperMail.Web.Digests;

/// <summary>Gives each digest run the SMTP pool as that run sees it (<see cref="RunDelivery"/>).</summary>
public sealed class DigestSender(ISmtpDelivery pool, IOptions<SmtpOptions> smtp, IOptions<BounceOptions> bounceOptions) : IDigestSender
{
    public IDigestSendStage StartRun() =>
        new RunDelivery(pool, new RelayWatch(bounceOptions.Value.RelayRejectionThreshold, smtp.Value.RelayDownAfter));
}
