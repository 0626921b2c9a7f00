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
        // Both parts are encoded as they render; the text is tidied on its way into its encoder.
        using var html = new QuotedPrintableWriter(ExpectedChars(model, perPaper: 1_500, frame: 3_000));
        using var text = new QuotedPrintableWriter(ExpectedChars(model, perPaper: 500, frame: 1_000));
        var tidyText = new TidyTextWriter(text);
        await templates.RenderToAsync([new(typeof(DigestEmail), parameters, html), new(typeof(DigestEmailText), parameters, tidyText)]);
        tidyText.Complete();
        var message = EmailMime.Create(sender, model.Email, model.Content.Subject, html.ToStream(), text.ToStream(), now);
        // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to this URL.
        message.Headers.Add("List-Unsubscribe", $"<{model.UnsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        // The sender's domain from the From address the message already holds, not parsed again per digest.
        message.Headers.Add("List-Id", $"PaperMail digests <digests.{message.From.Mailboxes.First().Domain}>");
        return message;
    }

    /// <summary>
    /// About how long a part will be: a paper takes ≈ 1,400 characters of HTML and ≈ 450 of text, the frame around
    /// them ≈ 2,500 and ≈ 800. Starting the buffers there spares the doublings.
    /// </summary>
    private static int ExpectedChars(DigestEmailModel model, int perPaper, int frame) => frame + perPaper * model.Content.Papers.Count;

    /// <summary>The digest as HTML (its styles are inline in the template), for the web view.</summary>
    public static Task<string> RenderHtmlAsync(EmailTemplateRenderer templates, DigestEmailModel model) =>
        templates.RenderAsync<DigestEmail>(Parameters(model));

    private static Dictionary<string, object?> Parameters(DigestEmailModel model) => new() { ["Model"] = model };

    private string BaseUrl => app.Value.PublicBaseUrl.TrimEnd('/');
}
