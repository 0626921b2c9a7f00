using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;
using PaperMail.Templates.Digest;
using PaperMail.Templates;
using PaperMail.Tests.Matching;
using PaperMail.Web.Digests;
using PaperMail.Web.Mail;

namespace PaperMail.Benchmarks;

/// <summary>
/// Real digests for the delivery benchmark: 20 corpus papers each, built by the production code (templates, MIME)
/// for <see cref="DigestPipeline"/>. Only the links are fixed strings: production mints them in SQLite first.
/// </summary>
public sealed class RenderedDigests : IAsyncDisposable
{
    private const int PapersPerDigest = 20;
    private readonly ServiceProvider _services;
    private static readonly SmtpOptions Sender = new() { FromAddress = "digest@papermail.bench", FromName = "PaperMail" };

    private RenderedDigests(ServiceProvider services, IReadOnlyList<DigestEnvelope> envelopes)
    {
        _services = services;
        Envelopes = envelopes;
        Renderer = new EmailTemplateRenderer(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<ILoggerFactory>());
    }

    public IReadOnlyList<DigestEnvelope> Envelopes { get; }

    public static Task<RenderedDigests> CreateAsync(int count)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
            .BuildServiceProvider();
        var papers = MatchingTestData.LoadCorpus(2_000);
        var composer = new DigestComposer(Options.Create(new DigestOptions()));
        var envelopes = Enumerable.Range(0, count).Select(i =>
        {
            var items = Enumerable.Range(0, PapersPerDigest).Select(k =>
            {
                var paper = papers[(i * 7 + k * 13) % papers.Count];
                var word = paper.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.Length > 5) ?? "model";
                return new DigestItem(1, word, paper, 1 + k % 3, 1, [new TermHit(word, MatchFields.Title)]);
            }).ToList();
            var record = new DigestRecord(i + 1, i + 1, $"reader{i}@example.org", "daily", "2026-11-30", DigestState.Sending, 1, DateTimeOffset.UtcNow, null, null);
            return new DigestEnvelope(record, composer.Compose(items));
        }).ToList();
        return Task.FromResult(new RenderedDigests(services, envelopes));
    }

    /// <summary>
    /// The render stage of one digest run (<see cref="DigestMailer"/>, with a paper-block store of its own): what it builds
    /// for each digest once its links exist. A run of its own each time, as a job run reads its papers afresh: each
    /// digest here is composed on its own, so no paper is shown the same way twice within a run, and none is reused
    /// from an earlier round.
    /// </summary>
    public Func<DigestEnvelope, CancellationToken, Task<MimeMessage>> StartRun()
    {
        var mailer = new DigestMailer(Renderer, Options.Create(Sender), Options.Create(new DigestOptions { FooterText = Footer }),
            new DkimSignerFactory(Options.Create(new DkimOptions())), TimeProvider.System);
        return (envelope, ct) => mailer.RenderAsync(envelope,
            new DigestLinks(ManageUrl, UnsubscribeUrl, WebUrl, FeedUrl, $"<digest{envelope.Digest.Id}@papermail.bench>", null), ct);
    }

    public EmailTemplateRenderer Renderer { get; }

    public DigestEmailModel ModelFor(DigestEnvelope envelope) =>
        new(envelope.Content, envelope.Digest.Email, envelope.Digest.Frequency, ManageUrl, UnsubscribeUrl, WebUrl, FeedUrl, Footer);

    private const string ManageUrl = "https://papermail.example/manage/token";
    private const string UnsubscribeUrl = "https://papermail.example/unsubscribe/token";
    private const string WebUrl = "https://papermail.example/digests/token";
    private const string FeedUrl = "https://papermail.example/feeds/token.atom";
    private const string Footer = "PaperMail benchmark";

    public async Task<List<MimeMessage>> BuildAllAsync()
    {
        var messages = new List<MimeMessage>(Envelopes.Count);
        var build = StartRun();
        foreach (var envelope in Envelopes) messages.Add(await build(envelope, CancellationToken.None));
        return messages;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
