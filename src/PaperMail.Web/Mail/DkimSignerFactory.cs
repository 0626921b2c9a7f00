using MimeKit;
using MimeKit.Cryptography;

namespace PaperMail.Web.Mail;

/// <summary>Signs messages with DKIM when <c>PaperMail:Dkim</c> is configured; otherwise leaves them alone.</summary>
public sealed class DkimSignerFactory(IOptions<DkimOptions> options)
{
    /// <summary>The headers a receiver must see unchanged, the one-click pair included (RFC 8058 asks for it).</summary>
    public static readonly HeaderId[] SignedHeaders = [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId];

    public static readonly string[] SignedListHeaders = ["List-Unsubscribe", "List-Unsubscribe-Post", "List-Id"];

    private readonly Lazy<DkimSigner?> _signer = new(() => Create(options.Value));

    public void Sign(MimeMessage message)
    {
        if (_signer.Value is not { } signer) return;
        // Signing covers the exact bytes that will be sent, so fix the transfer encodings first.
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [.. SignedHeaders.Select(h => h.ToHeaderName()), .. SignedListHeaders]);
    }

    private static DkimSigner? Create(DkimOptions o)
    {
        if (!o.Enabled) return null;
        return new DkimSigner(o.PrivateKeyPath!, o.Domain!, o.Selector!)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            SignatureAlgorithm = DkimSignatureAlgorithm.RsaSha256,
        };
    }
}
