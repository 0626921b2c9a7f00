using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Templates.Digest;
using PaperMail.Templates;
using PaperMail.Web.Digests;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Digests;

/// <summary>The digest message as built, written out and parsed back: what a mail client receives.</summary>
public class DigestMessageTests
{
    private const string Title = "Tom & Jerry say \"hi\" to <LLMs> — naïve 'quotes'";

    [Fact]
    public async Task TheTextPartShowsTitlesQueriesAndLinksVerbatimWithNoHtmlEscapes()
    {
        var (text, _) = await BuildAndParseAsync();

        Assert.Contains($"* {Title}", text);
        Assert.Contains("Why: \"tom & jerry\" (matched", text);
        Assert.Contains("Unsubscribe: https://papermail.example/unsubscribe/a?b=1&c=2", text);
        Assert.DoesNotContain("&amp;", text);
        Assert.DoesNotContain("&quot;", text);
        Assert.DoesNotContain("&#", text);
        Assert.DoesNotContain("&lt;", text);
    }

    [Fact]
    public async Task TheHtmlPartEncodesTheSameTextOnceAndSurvivesQuotedPrintable()
    {
        var (_, html) = await BuildAndParseAsync();

        Assert.Contains("Tom &amp; Jerry say &quot;hi&quot; to &lt;", html);
        Assert.Contains("naïve", html);
        Assert.Contains("href=\"https://papermail.example/unsubscribe/a?b=1&amp;c=2\"", html);
        Assert.DoesNotContain("&amp;amp;", html);
    }

    private static async Task<(string Text, string Html)> BuildAndParseAsync()
    {
        await using var services = new ServiceCollection().AddLogging().AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)).BuildServiceProvider();
        var renderer = new EmailTemplateRenderer(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<ILoggerFactory>());
        var paper = new Paper { Id = "2501.00001", Title = Title, Abstract = "Tom & Jerry meet LLMs.", Authors = ["A. Author"], Upvotes = 3 };
        var content = new DigestComposer(Options.Create(new DigestOptions()))
            .Compose([new DigestItem(1, "\"tom & jerry\"", paper, 1, 1, [new TermHit("jerry", MatchFields.Title)])]);
        var model = new DigestEmailModel(content, "reader@example.org", "daily", "https://papermail.example/manage/a",
            "https://papermail.example/unsubscribe/a?b=1&c=2", "https://papermail.example/digests/a", null, null);

        using var message = await DigestMailer.CreateMessageAsync(renderer, model, new SmtpOptions { FromAddress = "digest@papermail.example" }, DateTimeOffset.UtcNow);
        using var wire = new MemoryStream();
        // CRLF, as on an SMTP connection: the pre-encoded parts are then copied as they are.
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await message.WriteToAsync(format, wire);
        wire.Position = 0;
        using var parsed = await MimeMessage.LoadAsync(wire);
        return (parsed.TextBody!, parsed.HtmlBody!);
    }
}
