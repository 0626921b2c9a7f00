using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Templates;
using PaperMail.Templates.Digest;
using PaperMail.Web.Mail;

namespace PaperMail.Web.Digests;

/// <summary>
/// Turns composed digests into emails and sends them: their links come from <see cref="DigestLinkMinter"/>, each is
/// rendered with the Razor templates into a MIME message (HTML + text, one-click unsubscribe headers, List-Id, a
/// Message-Id on the sender's domain, optional DKIM) and sent through the SMTP pool, rendering the next ones while the
/// first are on the wire (<see cref="DigestSendPipeline"/>).
/// </summary>
public sealed class DigestMailer(
    ISmtpDelivery delivery,
    EmailTemplateRenderer templates,
    DigestLinkMinter links,
    IOptions<SmtpOptions> smtp,
    IOptions<DigestOptions> digestOptions,
    DkimSignerFactory dkim,
    IOptions<BounceOptions> bounceOptions,
    TimeProvider clock,
    ILogger<DigestMailer> logger) : IDigestMailer
{
    public async Task SendAsync(IAsyncEnumerable<IReadOnlyList<DigestEnvelope>> batches, Func<DigestSendResult, Task> onResult,
        Func<long, Task<bool>> renewClaim, CancellationToken ct)
    {
        var minted = new ConcurrentDictionary<long, DigestLinks>();
        using var run = new RunDelivery(delivery, new RelayWatch(bounceOptions.Value.RelayRejectionThreshold, smtp.Value.RelayDownAfter));

        async IAsyncEnumerable<DigestEnvelope> WithLinksAsync([EnumeratorCancellation] CancellationToken stop)
        {
            await foreach (var claimed in batches.WithCancellation(stop))
            {
                // A batch that waited here past the claim timeout may be another node's now: minting would replace the
                // links of the emails that node sends. (The claim is renewed again just before each message goes out.)
                var held = await Task.WhenAll(claimed.Select(e => renewClaim(e.Digest.Id)));
                var batch = claimed.Where((_, i) => held[i]).ToList();
                if (batch.Count == 0) continue;
                // Not cancellable: a claimed batch is always passed on whole, to be sent or reported.
                foreach (var (digestId, digestLinks) in await links.MintAsync(batch, CancellationToken.None)) minted[digestId] = digestLinks;
                foreach (var envelope in batch) yield return envelope;
            }
        }

        await DigestSendPipeline.RunAsync(WithLinksAsync(CancellationToken.None),
            async (envelope, _) =>
            {
                var digestLinks = minted.TryRemove(envelope.Digest.Id, out var found) ? found : throw new InvalidOperationException("links not minted");
                var message = await BuildAsync(envelope, digestLinks);
                if (digestLinks.EnvelopeSender is { } sender) run.SetEnvelopeSender(message, sender);
                return message;
            },
            run, onResult, logger, DigestSendPipeline.DefaultRenderWorkers, ct, envelope => renewClaim(envelope.Digest.Id));
    }

    private async Task<MimeMessage> BuildAsync(DigestEnvelope envelope, DigestLinks urls)
    {
        var digest = envelope.Digest;
        var model = new DigestEmailModel(
            envelope.Content, digest.Email, digest.Frequency, urls.Manage, urls.Unsubscribe, urls.WebView, urls.Feed, digestOptions.Value.FooterText);
        var message = await CreateMessageAsync(templates, model, smtp.Value, clock.GetUtcNow());
        message.MessageId = urls.MessageId;
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
}
