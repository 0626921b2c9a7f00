using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching;
using PaperMail.Templates;
using PaperMail.Templates.Digest;
using PaperMail.Tests.Matching;
using PaperMail.Web.Digests;
using PaperMail.Web.Email;

namespace PaperMail.Benchmarks;

/// <summary>Real digests for the delivery benchmark: 20 corpus papers each, rendered by the production templates.</summary>
public sealed class RenderedDigests : IAsyncDisposable
{
    private const int PapersPerDigest = 20;
    private readonly ServiceProvider _services;
    private readonly EmailTemplateRenderer _renderer;
    private readonly IReadOnlyList<DigestContent> _contents;
    private static readonly SmtpOptions Sender = new() { FromAddress = "digest@papermail.bench", FromName = "PaperMail" };

    private RenderedDigests(ServiceProvider services, IReadOnlyList<DigestContent> contents)
    {
        _services = services;
        _contents = contents;
        _renderer = new EmailTemplateRenderer(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<ILoggerFactory>());
    }

    public static Task<RenderedDigests> CreateAsync(int count)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
            .BuildServiceProvider();
        var papers = MatchingTestData.LoadCorpus(2_000);
        var composer = new DigestComposer(Options.Create(new DigestOptions()));
        var contents = Enumerable.Range(0, count).Select(i =>
        {
            var items = Enumerable.Range(0, PapersPerDigest).Select(k =>
            {
                var paper = papers[(i * 7 + k * 13) % papers.Count];
                var word = paper.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.Length > 5) ?? "model";
                return new DigestItem(1, word, paper, 1 + k % 3, 1, [new TermHit(word, MatchFields.Title)]);
            }).ToList();
            return composer.Compose(items);
        }).ToList();
        return Task.FromResult(new RenderedDigests(services, contents));
    }

    public async Task<List<MimeMessage>> RenderAllAsync()
    {
        var messages = new List<MimeMessage>(_contents.Count);
        foreach (var content in _contents)
        {
            var model = new DigestEmailModel(content, "reader@example.org", "daily",
                "https://papermail.example/manage/token", "https://papermail.example/unsubscribe/token",
                "https://papermail.example/digests/token", "https://papermail.example/feeds/token.atom", "PaperMail benchmark");
            var (html, text) = await DigestMailer.RenderAsync(_renderer, model);
            messages.Add(EmailMime.Create(Sender, "reader@example.org", content.Subject, html, text, DateTimeOffset.UtcNow));
        }
        return messages;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
