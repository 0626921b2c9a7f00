using MimeKit;
using PaperMail.Core.Bounces;
using PaperMail.Core.Digests;
using PaperMail.Core.Subscriptions;
using PaperMail.Web.Mail;
using PaperMail.Web.Subscribing;

namespace PaperMail.Web.Digests;

/// <summary>
/// The links stage of a digest run; writes the token hashes (digest store) and the VERP envelopes (bounce store), nothing else. One token per digest serves every link of its email: the web view, manage and
/// unsubscribe (each working for its purpose's lifetime after the digest was sent, see <see cref="EmailLinkOptions"/>)
/// and the way to a feed address (the manage page makes one on request). Its hash goes on the digest row, in one write
/// for the whole batch, before any message exists, so the links work once it arrives; so does each VERP envelope.
/// </summary>
public sealed class DigestLinkMinter(
    IDigestStore digests,
    IBounceStore bounces,
    IOptions<SmtpOptions> smtp,
    IOptions<PaperMailOptions> app,
    IOptions<BounceOptions> bounceOptions,
    TimeProvider clock) : IDigestLinkStage
{
    public async Task<IReadOnlyList<DigestLinks>> MintAsync(IReadOnlyList<DigestEnvelope> envelopes, CancellationToken ct)
    {
        var tokens = envelopes.Select(_ => SubscriptionToken.Create()).ToArray();
        await digests.SetWebTokensAsync([.. envelopes.Zip(tokens, (e, t) => (e.Digest.Id, t.Hash))], ct);
        var domain = MailboxAddress.Parse(smtp.Value.FromAddress).Domain;
        var messageIds = envelopes.Select(_ => MimeKit.Utils.MimeUtils.GenerateMessageId(domain)).ToArray();
        var bounceAddress = bounceOptions.Value.Address;
        var verpIds = envelopes.Select(_ => VerpAddress.NewId()).ToArray();
        if (!string.IsNullOrWhiteSpace(bounceAddress))
        {
            await bounces.RecordEnvelopesAsync([.. envelopes.Select((e, i) => new SentEnvelope(verpIds[i], e.Digest.SubscriberId, messageIds[i]))], clock.GetUtcNow(), ct);
        }
        var baseUrl = app.Value.PublicBaseUrl.TrimEnd('/');
        return [.. envelopes.Select((_, i) => ForToken(baseUrl, tokens[i].Token, messageIds[i],
            string.IsNullOrWhiteSpace(bounceAddress) ? null : VerpAddress.Create(bounceAddress, verpIds[i])))];
    }

    private static DigestLinks ForToken(string baseUrl, string token, string messageId, MailboxAddress? envelopeSender) =>
        new($"{baseUrl}/manage/{token}", $"{baseUrl}/unsubscribe/{token}", $"{baseUrl}/digests/{token}", $"{baseUrl}/manage/{token}#feed",
            messageId, envelopeSender);
}
