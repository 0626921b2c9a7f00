using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Templates;
using PaperMail.Templates.Digest;
using PaperMail.Web.Digests;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Digests;

/// <summary>A run renders each paper's block once and reuses it for every digest that shows the paper the same way.</summary>
public sealed class DigestPaperBlocksTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)).BuildServiceProvider();
    private readonly EmailTemplateRenderer _templates;
    private readonly DigestComposer _composer = new(Options.Create(new DigestOptions()));
    private readonly HighlightCache _highlights = new();

    private static readonly Paper Scaling = new()
    {
        Id = "2601.00001", Title = "Scaling LLMs to long context", Abstract = "We study long contexts & <tags>.",
        Authors = ["A. Author", "B. Author"], Upvotes = 4, GithubRepo = "https://github.com/example/scaling",
    };

    private static readonly Paper Retrieval = new() { Id = "2601.00002", Title = "Multilingual retrieval", Abstract = "Retrieval in 40 languages.", Upvotes = 2 };

    public DigestPaperBlocksTests() =>
        _templates = new EmailTemplateRenderer(_services.GetRequiredService<IServiceScopeFactory>(), _services.GetRequiredService<ILoggerFactory>());

    [Fact]
    public async Task APaperShownTheSameWayASecondTimeKeepsItsBlockForEveryLaterDigestAndOtherWordsGetTheirOwn()
    {
        var blocks = new DigestPaperBlocks(_templates);

        var first = await blocks.RenderAsync(Model("LLM", "LLM").Papers);
        var second = await blocks.RenderAsync(Model("llm OR gpt", "LLM").Papers);
        var third = await blocks.RenderAsync(Model("LLM -survey", "LLM").Papers);
        var otherWords = await blocks.RenderAsync(Model("context", "context").Papers);
        var otherWordsAgain = await blocks.RenderAsync(Model("long context", "context").Papers);

        // The first digest writes the paper inline; from the second on, the block is rendered once and shared.
        Assert.Null(first[0]);
        Assert.NotNull(second[0]);
        Assert.Same(second[0], third[0]);
        Assert.Contains(">LLMs</mark>", second[0]!.HtmlHead);
        Assert.Null(otherWords[0]);
        Assert.NotSame(second[0], otherWordsAgain[0]);
        Assert.Contains(">context</mark>", otherWordsAgain[0]!.HtmlHead);
        Assert.DoesNotContain(">LLMs</mark>", otherWordsAgain[0]!.HtmlHead);
    }

    [Fact]
    public async Task AnEmailBuiltFromKeptBlocksReadsExactlyAsTheDigestRenderedWholeWithItsOwnWhyLine()
    {
        var blocks = new DigestPaperBlocks(_templates);
        // Shown twice before, to earlier readers whose alerts found the same word: the email below is built from the kept blocks.
        await blocks.RenderAsync(Model("LLM", "LLM").Papers);
        await blocks.RenderAsync(Model("LLM", "LLM").Papers);

        var whole = Model("llm OR gpt", "LLM");
        var fromBlocks = Model("llm OR gpt", "LLM");
        fromBlocks.RenderedPapers = await blocks.RenderAsync(fromBlocks.Papers);
        Assert.All(fromBlocks.RenderedPapers, Assert.NotNull);

        var (wholeText, wholeHtml) = await BuildAsync(whole);
        var (text, html) = await BuildAsync(fromBlocks);
        Assert.Equal(wholeText, text);
        Assert.Equal(wholeHtml, html);
        Assert.Contains("* Scaling LLMs to long context", text);
        Assert.Contains("  Why: llm OR gpt (matched LLM)\n  PDF: https://arxiv.org/pdf/2601.00001", text.ReplaceLineEndings("\n"));
        Assert.Contains("your alert <strong>llm OR gpt</strong> matched LLM", html);
        Assert.Contains("We study long contexts &amp; &lt;tags&gt;.", html);
    }

    [Fact]
    public async Task AnEmailMixingKeptBlocksAndPapersWrittenInlineReadsExactlyAsTheDigestRenderedWhole()
    {
        var blocks = new DigestPaperBlocks(_templates);
        // The first paper was shown this way twice before; the second never with these words.
        await blocks.RenderAsync(Model("LLM", "LLM", "retrieval").Papers);
        await blocks.RenderAsync(Model("LLM", "LLM", "retrieval").Papers);

        var whole = Model("LLM", "LLM", "languages");
        var mixed = Model("LLM", "LLM", "languages");
        mixed.RenderedPapers = await blocks.RenderAsync(mixed.Papers);
        Assert.NotNull(mixed.RenderedPapers[0]);
        Assert.Null(mixed.RenderedPapers[1]);

        var (wholeText, wholeHtml) = await BuildAsync(whole);
        var (text, html) = await BuildAsync(mixed);
        Assert.Equal(wholeText, text);
        Assert.Equal(wholeHtml, html);
        Assert.Contains(">languages</mark>", html);
    }

    private DigestEmailModel Model(string query, string word, string secondWord = "multilingual")
    {
        var content = _composer.Compose(
        [
            new DigestItem(1, query, Scaling, 1, 1, [new TermHit(word, MatchFields.Title | MatchFields.Abstract)]),
            new DigestItem(2, secondWord, Retrieval, 1, 1, [new TermHit(secondWord, MatchFields.Title | MatchFields.Abstract)]),
        ], _highlights);
        return new DigestEmailModel(content, "reader@example.org", "daily", "https://papermail.example/manage/a",
            "https://papermail.example/unsubscribe/a", "https://papermail.example/digests/a", null, null);
    }

    /// <summary>The email's text and HTML as a mail client decodes them.</summary>
    private async Task<(string Text, string Html)> BuildAsync(DigestEmailModel model)
    {
        using var message = await DigestMailer.CreateMessageAsync(_templates, model, new SmtpOptions { FromAddress = "digest@papermail.example" },
            DateTimeOffset.UnixEpoch, "<digest@papermail.example>");
        return (message.TextBody!, message.HtmlBody!);
    }

    public async ValueTask DisposeAsync()
    {
        await _templates.DisposeAsync();
        await _services.DisposeAsync();
    }
}
