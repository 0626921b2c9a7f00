using PaperMail.Core.Papers;

namespace PaperMail.Tests.Ingestion.Parsing;

public class ArxivIdTests
{
    [Theory]
    [InlineData("2408.07055", "2408.07055")]
    [InlineData("2408.07055v2", "2408.07055")]
    [InlineData("http://arxiv.org/abs/2408.07055v2", "2408.07055")]
    [InlineData("https://arxiv.org/abs/2408.07055v2", "2408.07055")]
    [InlineData("https://arxiv.org/pdf/2408.07055v2", "2408.07055")]
    [InlineData("https://export.arxiv.org/abs/2408.07055", "2408.07055")]
    [InlineData("arxiv.org/abs/2408.07055", "2408.07055")]
    [InlineData("https://arxiv.org/pdf/2408.07055v2.pdf", "2408.07055")]
    [InlineData("oai:arXiv.org:2411.17702v1", "2411.17702")]
    [InlineData("arXiv:2411.17702", "2411.17702")]
    [InlineData("  1111.2011v2 ", "1111.2011")]
    [InlineData("astro-ph/0601001v1", "astro-ph/0601001")]
    [InlineData("http://arxiv.org/abs/astro-ph/0601001v1", "astro-ph/0601001")]
    [InlineData("hep-th/9901001", "hep-th/9901001")]
    [InlineData("math.GT/0309136", "math.GT/0309136")]
    public void NormalizesEverySpellingToTheIdWithoutVersion(string raw, string expected)
    {
        Assert.True(ArxivId.TryNormalize(raw, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("2408.070")]
    [InlineData("2413.07055")]
    [InlineData("2408.07055v")]
    [InlineData("https://example.org/abs/2408.07055")]
    [InlineData("https://arxiv.org/api/errors#incorrect_id_format_for_abc")]
    [InlineData("ftp://arxiv.org/abs/2408.07055")]
    [InlineData("astro-ph/060100")]
    public void RejectsAnythingThatIsNotAnArxivId(string? raw)
    {
        Assert.False(ArxivId.TryNormalize(raw, out _));
    }
}
