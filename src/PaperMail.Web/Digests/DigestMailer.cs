using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperMail.Core.Configuration;
using PaperMail.Core.Digests;
using PaperMail.Core.Subscriptions;
using PaperMail.Templates;
using PaperMail.Templates.Digest;
using PaperMail.Web.Delivery;
using PaperMail.Web.Email;
using PaperMail.Web.Subscribing;

namespace PaperMail.Web.Digests;

/// <summary>
/// Renders digests with the Razor templates, builds the MIME messages (HTML + text, one-click unsubscribe headers,
/// List-Id, a Message-Id on the sender's domain, optional DKIM) and sends them through the SMTP pool.
/// </summary>
public sealed class DigestMailer(
    ISmtpDelivery delivery,
    EmailTemplateRenderer templates,
    SubscriptionFlow links,
    IDigestStore digests,
    IOptions<SmtpOptions> smtp,
    IOptions<PaperMailOptions> app,
    IOptions<DigestOptions> digestOptions,
    DkimSignerFactory dkim,
    TimeProvider clock) : IDigestMailer
{
    public async Task SendAsync(IReadOnlyList<DigestEnvelope> envelopes, Func<DigestSendResult, Task> onResult, CancellationToken ct)
    {
        var messages = new List<MimeMessage>(envelopes.Count);
        foreach (var envelope in envelopes) messages.Add(await BuildAsync(envelope, ct));
        // All messages queue on the pool at once; each outcome is recorded the moment it is known.
        await Task.WhenAll(envelopes.Select(async (envelope, i) =>
        {
            var result = await delivery.SendAsync(messages[i], ct);
            await onResult(new DigestSendResult(envelope.Digest.Id, messages[i].MessageId ?? "", result));
        }));
    }

    private async Task<MimeMessage> BuildAsync(DigestEnvelope envelope, CancellationToken ct)
    {
        var digest = envelope.Digest;
        var (webToken, webHash) = SubscriptionToken.Create();
        await digests.SetWebTokenAsync(digest.Id, webHash, ct);
        var model = new DigestEmailModel(
            envelope.Content, digest.Email, digest.Frequency,
            await links.CreateLinkAsync(digest.SubscriberId, TokenPurpose.Manage, ct),
            await links.CreateLinkAsync(digest.SubscriberId, TokenPurpose.Unsubscribe, ct),
            $"{BaseUrl}/digests/{webToken}",
            await links.CreateLinkAsync(digest.SubscriberId, TokenPurpose.Feed, ct) + ".atom",
            digestOptions.Value.FooterText);
        var (html, text) = await RenderAsync(templates, model);

        var message = EmailMime.Create(smtp.Value, digest.Email, envelope.Content.Subject, html, text, clock.GetUtcNow());
        // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to this URL.
        message.Headers.Add("List-Unsubscribe", $"<{model.UnsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("List-Id", $"PaperMail digests <digests.{EmailMime.Domain(smtp.Value)}>");
        dkim.Sign(message);
        return message;
    }

    /// <summary>The digest as HTML (its styles are inline in the template) and as plain text, from the same model.</summary>
    public static async Task<(string Html, string Text)> RenderAsync(EmailTemplateRenderer templates, DigestEmailModel model)
    {
        var parameters = new Dictionary<string, object?> { ["Model"] = model };
        var html = await templates.RenderAsync<DigestEmail>(parameters);
        var text = WebUtility.HtmlDecode(await templates.RenderAsync<DigestEmailText>(parameters));
        return (html, NormalizeText(text));
    }

    /// <summary>Razor leaves template indentation and blank runs behind; mail text wants neither.</summary>
    private static string NormalizeText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0 && (result.Count == 0 || result[^1].Length == 0)) continue;
            result.Add(line);
        }
        return string.Join("\r\n", result).Trim() + "\r\n";
    }

    private string BaseUrl => app.Value.PublicBaseUrl.TrimEnd('/');
}
