using System.Net;
using System.Text;
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
/// List-Id, a Message-Id on the sender's domain, optional DKIM) and sends them through the SMTP pool, rendering the
/// next ones while the first are on the wire (<see cref="DigestSendPipeline"/>).
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
    TimeProvider clock,
    ILogger<DigestMailer> logger) : IDigestMailer
{
    public Task SendAsync(IReadOnlyList<DigestEnvelope> envelopes, Func<DigestSendResult, Task> onResult, CancellationToken ct) =>
        DigestSendPipeline.RunAsync(envelopes, BuildAsync, delivery, onResult, logger, DigestSendPipeline.DefaultRenderWorkers, ct);

    /// <summary>Mints the digest's links (stored before the message exists, so they work once it arrives) and builds it.</summary>
    private async Task<MimeMessage> BuildAsync(DigestEnvelope envelope, CancellationToken ct)
    {
        var digest = envelope.Digest;
        var (webToken, webHash) = SubscriptionToken.Create();
        await digests.SetWebTokenAsync(digest.Id, webHash, ct);
        var urls = await links.CreateLinksAsync(digest.SubscriberId, [TokenPurpose.Manage, TokenPurpose.Unsubscribe, TokenPurpose.Feed], ct);
        var model = new DigestEmailModel(
            envelope.Content, digest.Email, digest.Frequency, urls[0], urls[1], $"{BaseUrl}/digests/{webToken}", urls[2] + ".atom",
            digestOptions.Value.FooterText);
        var message = await CreateMessageAsync(templates, model, smtp.Value, clock.GetUtcNow());
        dkim.Sign(message);
        return message;
    }

    /// <summary>The digest email for a model whose links exist: rendered, with its list headers, not yet signed.</summary>
    public static async Task<MimeMessage> CreateMessageAsync(EmailTemplateRenderer templates, DigestEmailModel model, SmtpOptions sender, DateTimeOffset now)
    {
        var (html, text) = await RenderAsync(templates, model);
        var message = EmailMime.Create(sender, model.Email, model.Content.Subject, html, text, now);
        // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to this URL.
        message.Headers.Add("List-Unsubscribe", $"<{model.UnsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("List-Id", $"PaperMail digests <digests.{EmailMime.Domain(sender)}>");
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

    /// <summary>
    /// Razor leaves template indentation and blank runs behind; mail text wants neither: trailing spaces go, blank
    /// runs become one blank line, none at either end, CRLF line ends. One pass, since it runs for every digest.
    /// </summary>
    private static string NormalizeText(string text)
    {
        var result = new StringBuilder(text.Length);
        var blankPending = false;
        for (var start = 0; start <= text.Length;)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(start, end - start).TrimEnd();
            start = end + 1;
            if (line.Length == 0)
            {
                blankPending = result.Length > 0;
                continue;
            }

            if (result.Length == 0) line = line.TrimStart();
            else result.Append(blankPending ? "\r\n\r\n" : "\r\n");
            blankPending = false;
            result.Append(line);
        }

        return result.Append("\r\n").ToString();
    }

    private string BaseUrl => app.Value.PublicBaseUrl.TrimEnd('/');
}
