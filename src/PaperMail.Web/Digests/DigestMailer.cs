using System.Text;
using Microsoft.Extensions.ObjectPool;
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
        var parameters = Parameters(model);
        // The HTML is encoded as it renders; the text is tidied on its way into its encoder.
        using var html = new QuotedPrintableWriter(ExpectedHtmlChars(model));
        var rendered = TextBuffers.Get();
        try
        {
            using (var text = new StringWriter(rendered))
            {
                await templates.RenderToAsync([new(typeof(DigestEmail), parameters, html), new(typeof(DigestEmailText), parameters, text)]);
            }

            using var encodedText = new QuotedPrintableWriter(rendered.Length);
            WriteTidyText(rendered, encodedText);
            var message = EmailMime.Create(sender, model.Email, model.Content.Subject, html.ToStream(), encodedText.ToStream(), now);
            // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to this URL.
            message.Headers.Add("List-Unsubscribe", $"<{model.UnsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.Headers.Add("List-Id", $"PaperMail digests <digests.{EmailMime.Domain(sender)}>");
            return message;
        }
        finally
        {
            TextBuffers.Return(rendered);
        }
    }

    /// <summary>
    /// A paper takes ≈ 1,400 characters of HTML, the frame ≈ 2,500: starting the buffer there spares the doublings.
    /// </summary>
    private static int ExpectedHtmlChars(DigestEmailModel model) => 3_000 + 1_500 * model.Content.Papers.Count;

    /// <summary>Render buffers for the text part, kept between digests: every digest needs one of ≈ 8,000 chars.</summary>
    private static readonly ObjectPool<StringBuilder> TextBuffers = new DefaultObjectPoolProvider().CreateStringBuilderPool(16 * 1024, 64 * 1024);

    /// <summary>The digest as HTML (its styles are inline in the template), for the web view.</summary>
    public static Task<string> RenderHtmlAsync(EmailTemplateRenderer templates, DigestEmailModel model) =>
        templates.RenderAsync<DigestEmail>(Parameters(model));

    private static Dictionary<string, object?> Parameters(DigestEmailModel model) => new() { ["Model"] = model };

    /// <summary>
    /// The text template's output as mail text: Razor leaves template indentation and blank runs behind, so trailing
    /// spaces go, blank runs become one blank line, none at either end, CRLF line ends. One pass, since it runs per
    /// digest, over the render buffer itself when it is one piece (it starts large enough), not over a copy.
    /// </summary>
    private static void WriteTidyText(StringBuilder rendered, TextWriter output)
    {
        var chunks = rendered.GetChunks();
        var single = chunks.MoveNext() ? chunks.Current : ReadOnlyMemory<char>.Empty;
        var text = chunks.MoveNext() ? rendered.ToString().AsSpan() : single.Span;
        var written = false;
        var blankPending = false;
        while (true)
        {
            var end = text.IndexOf('\n');
            var line = (end < 0 ? text : text[..end]).TrimEnd();
            if (line.Length == 0)
            {
                blankPending = written;
            }
            else
            {
                if (!written) line = line.TrimStart();
                else output.Write(blankPending ? "\r\n\r\n" : "\r\n");
                blankPending = false;
                written = true;
                output.Write(line);
            }

            if (end < 0) break;
            text = text[(end + 1)..];
        }

        output.Write("\r\n");
    }

    private string BaseUrl => app.Value.PublicBaseUrl.TrimEnd('/');
}
