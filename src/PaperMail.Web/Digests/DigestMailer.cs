using MimeKit;
using PaperMail.Core.Digests;
using PaperMail.Templates;
using PaperMail.Templates.Digest;
using PaperMail.Web.Mail;

namespace PaperMail.Web.Digests;

/// <summary>
/// The render stage of a digest run: turns a composed digest and its links into its email, rendered with the Razor
/// templates into a MIME message (HTML + text, one-click unsubscribe headers, List-Id, the Message-Id chosen with the
/// links, optional DKIM). No store, no sending: the pipeline hands the message to the SMTP pool.
/// </summary>
public sealed class DigestMailer(
    EmailTemplateRenderer templates,
    IOptions<SmtpOptions> smtp,
    IOptions<DigestOptions> digestOptions,
    DkimSignerFactory dkim,
    TimeProvider clock) : IDigestRenderStage
{
    private readonly DigestPaperBlocks _papers = new(templates);

    public async Task<MimeMessage> RenderAsync(DigestEnvelope envelope, DigestLinks links, CancellationToken ct)
    {
        var digest = envelope.Digest;
        var model = new DigestEmailModel(
            envelope.Content, digest.Email, digest.Frequency, links.Manage, links.Unsubscribe, links.WebView, links.Feed, digestOptions.Value.FooterText);
        model.RenderedPapers = await _papers.RenderAsync(model.Papers);
        var message = await CreateMessageAsync(templates, model, smtp.Value, clock.GetUtcNow(), links.MessageId);
        dkim.Sign(message);
        return message;
    }

    /// <summary>The digest email for a model whose links exist: rendered, with its list headers, not yet signed.</summary>
    public static async Task<MimeMessage> CreateMessageAsync(EmailTemplateRenderer templates, DigestEmailModel model, SmtpOptions sender, DateTimeOffset now,
        string? messageId = null)
    {
        var parameters = Parameters(model);
        // Both parts are encoded as they render; the text is tidied on its way into its encoder.
        using var html = new QuotedPrintableWriter(ExpectedChars(model, perPaper: 1_500, frame: 3_000));
        using var text = new QuotedPrintableWriter(ExpectedChars(model, perPaper: 500, frame: 1_000));
        var tidyText = new TidyTextWriter(text);
        await templates.RenderToAsync([new(typeof(DigestEmail), parameters, html), new(typeof(DigestEmailText), parameters, tidyText)]);
        tidyText.Complete();
        var message = EmailMime.Create(sender, model.Email, model.Content.Subject, html.ToStream(), text.ToStream(), now, messageId);
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
}
