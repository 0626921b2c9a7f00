using PaperMail.Core.Papers;

namespace PaperMail.Tests.Ingestion.Parsing;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("MEXA: Multilingual Evaluation of English-Centric LLMs via Cross-Lingual\n  Alignment", "MEXA: Multilingual Evaluation of English-Centric LLMs via Cross-Lingual Alignment")]
    [InlineData("  a \t\r\n b  ", "a b")]
    [InlineData("no\u00A0break\u2003em\u3000ideographic", "no break em ideographic")]
    [InlineData("", "")]
    [InlineData(" \n ", "")]
    public void CollapsesEveryWhitespaceRunToOneSpaceAndTrims(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.CollapseWhitespace(input));
    }
}
