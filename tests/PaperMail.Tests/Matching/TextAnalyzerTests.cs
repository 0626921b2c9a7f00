using PaperMail.Core.Matching.Language;

namespace PaperMail.Tests.Matching;

public class TextAnalyzerTests
{
    [Theory]
    [InlineData("Glavaš", "glava")]
    [InlineData("Glavas", "glava")]
    [InlineData("GLAVAŠ", "glava")]
    [InlineData("Galoğlu", "galoglu")]
    [InlineData("Schütze", "schutz")]
    [InlineData("Søren Łukasz", "soren lukasz")]
    [InlineData("s\u030Ce", "se")] // an already-decomposed combining caron is dropped too
    public void RemovesDiacriticsAndFoldsCase(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', TextAnalyzer.Analyze(text)));

    [Fact]
    public void PluralAndSingularStemTheSame()
    {
        Assert.Equal(TextAnalyzer.Analyze("LLM"), TextAnalyzer.Analyze("LLMs"));
        Assert.Equal(TextAnalyzer.Analyze("transformer"), TextAnalyzer.Analyze("Transformers"));
        Assert.Equal(["llm"], TextAnalyzer.Analyze("LLMs"));
        Assert.Equal(["transform"], TextAnalyzer.Analyze("Transformers"));
    }

    [Fact]
    public void SplitsOnHyphensAndPunctuation()
    {
        Assert.Equal(TextAnalyzer.Analyze("long context"), TextAnalyzer.Analyze("long-context"));
        Assert.Equal(["cross", "lingual"], TextAnalyzer.Analyze("cross-lingual"));
        Assert.Equal(["gpt", "4o", "c"], TextAnalyzer.Analyze("GPT-4o (c++)"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("- ??? !!! ...")]
    public void NothingSearchableGivesNoTokens(string? text) => Assert.Empty(TextAnalyzer.Analyze(text));

    public static TheoryData<string, string[]> OtherScripts => new()
    {
        // A run of CJK letters has no word breaks to find: it is one token, kept as it is.
        { "大语言模型的多语言能力", ["大语言模型的多语言能力"] },
        { "Многоязычные модели", ["многоязычные", "модели"] },
        { "نماذج لغوية", ["نماذج", "لغوية"] },
        // Emoji and a lone surrogate separate words; Porter stems "surrogate" to "surrog".
        { "😀 emoji 🤗 and \uD83D lone surrogate", ["emoji", "and", "lone", "surrog"] },
        // The ligature is a letter folded to "fi"; ⑽ and ½ are numbers but not digits, so they separate words.
        { "ﬁne ⑽ ½", ["fine"] },
    };

    [Theory]
    [MemberData(nameof(OtherScripts))]
    public void OtherScriptsAndOddCharactersGiveTheirWords(string text, string[] expected)
    {
        Assert.Equal(expected, TextAnalyzer.Analyze(text));
    }

    [Fact]
    public void CyrillicIsLowerCasedButKept() =>
        Assert.Equal(["многоязычные", "модели"], TextAnalyzer.Analyze("Многоязычные Модели"));
}
