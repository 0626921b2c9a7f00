using PaperMail.Core.Matching.Language;

namespace PaperMail.Tests.Matching;

public class QueryParserTests
{
    public static TheoryData<string, string> ValidQueries => new()
    {
        { "multilingual retrieval", "multilingual retrieval" },
        { "  multilingual   retrieval  ", "multilingual retrieval" },
        { "\"long context\"", "\"long context\"" },
        { "\"long   context\"", "\"long context\"" },
        { "multilingual OR crosslingual", "multilingual OR crosslingual" },
        { "multilingual or crosslingual", "multilingual or crosslingual" },
        { "a b OR c", "a b OR c" },
        { "(a b) OR c", "a b OR c" },
        { "a (b OR c)", "a (b OR c)" },
        { "((a))", "a" },
        { "(a (b c))", "a b c" },
        { "(a OR (b OR c))", "a OR b OR c" },
        { "(multilingual OR crosslingual) retrieval -survey", "(multilingual OR crosslingual) retrieval -survey" },
        { "agents -\"tool use\"", "agents -\"tool use\"" },
        { "agents -(survey OR review)", "agents -(survey OR review)" },
        { "agents -(survey)", "agents -survey" },
        { "Title:Benchmark", "title:Benchmark" },
        { "author:\"Goran Glavaš\"", "author:\"Goran Glavaš\"" },
        { "ORG:google abstract:llm", "org:google abstract:llm" },
        { "title:(a OR b)", "title:a OR title:b" },
        { "title:(a b) c", "title:a title:b c" },
        { "title:(a author:b)", "title:a author:b" },
        { "long-context", "long-context" },
        { "c++: tricks", "c++: tricks" },
        { "see https://arxiv.org/abs/1", "see https://arxiv.org/abs/1" },
        { "LLM - agents", "LLM agents" },
        { "llm ??? agents", "llm agents" },
        { "llm (???)", "llm" },
        { "a OR -- b", "a OR b" },
        { "<script>alert(1)</script>", "<script>alert 1 </script>" },
        { "tab\tand\nnewline", "tab and newline" },
        { "a -b OR c", "a -b OR c" },
    };

    [Theory]
    [MemberData(nameof(ValidQueries))]
    public void ValidQueryNormalisesStably(string query, string normalized)
    {
        var result = QueryParser.Parse(query);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(normalized, result.Query.Normalized);
        var again = QueryParser.Parse(result.Query.Normalized);
        Assert.True(again.IsSuccess, again.Error?.ToString());
        Assert.Equal(normalized, again.Query.Normalized);
    }

    public static TheoryData<string, string, int> InvalidQueries => new()
    {
        { "", "Query is empty", 1 },
        { "   ", "Query is empty", 1 },
        { "\"long context", "Unclosed quote: add the closing \"", 1 },
        { "llm \"((((", "Unclosed quote: add the closing \"", 5 },
        { "(a OR b", "Unclosed '(': add the matching ')'", 1 },
        { "((a) OR b", "Unclosed '(': add the matching ')'", 1 },
        { "a OR b)", "Unmatched ')'", 7 },
        { ")a(", "Unmatched ')'", 1 },
        { "OR a", "'OR' must stand between two terms", 1 },
        { "a OR", "'OR' must stand between two terms", 3 },
        { "a OR OR b", "'OR' must stand between two terms", 6 },
        { "(a OR) b", "'OR' must stand between two terms", 4 },
        { "(OR a) b", "'OR' must stand between two terms", 2 },
        { "()", "Empty parentheses", 1 },
        { "a () b", "Empty parentheses", 3 },
        { "-survey", "Query has only exclusions: add at least one term that must match", 1 },
        { "-survey -\"long context\"", "Query has only exclusions: add at least one term that must match", 1 },
        { "a OR -b", "This alternative has only exclusions: add a term that must match", 6 },
        { "a (-b)", "This group has only exclusions: add a term that must match", 3 },
        { "--a b", "'-' must be followed by a word, a \"phrase\" or a (group)", 1 },
        { "foo:bar", "Unknown field 'foo'; use title:, abstract:, author: or org:", 1 },
        { "llm Foo:\"x y\"", "Unknown field 'Foo'; use title:, abstract:, author: or org:", 5 },
        { "title: benchmark", "'title:' must be followed by a term with no space in between", 1 },
        { "title:-x", "'title:' must be followed by a word, a \"phrase\" or a (group)", 1 },
        { "???", "Query has no searchable words (only punctuation or symbols)", 1 },
        { "- OR ???", "Query has no searchable words (only punctuation or symbols)", 1 },
        { "llm\u0001agents", "Control character U+0001 is not allowed", 4 },
        { "\"a\u0000b\"", "Control character U+0000 is not allowed", 3 },
        { "((((((((((( a )))))))))))", "Parentheses are nested deeper than 10 levels", 11 },
        { "((((((((((((((((((((((((((((((", "Parentheses are nested deeper than 10 levels", 11 },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public void InvalidQueryReportsWhatAndWhere(string query, string message, int column)
    {
        var result = QueryParser.Parse(query);
        Assert.False(result.IsSuccess, $"parsed as {result.Query?.Normalized}");
        Assert.Equal(new QueryError(message, column), result.Error);
    }

    [Fact]
    public void QueryLongerThan512CharactersIsRejected()
    {
        var result = QueryParser.Parse(new string('a', 10_000));
        Assert.Equal(new QueryError("Query is longer than 512 characters (10000)", 513), result.Error);
        Assert.True(QueryParser.Parse(string.Join(' ', Enumerable.Repeat("ab", 32)) + new string(' ', 512 - 95)).IsSuccess);
    }

    [Fact]
    public void MoreThan32TermsIsRejectedAtThe33rd()
    {
        var query = string.Join(' ', Enumerable.Range(0, 33).Select(i => $"w{i}"));
        var result = QueryParser.Parse(query);
        Assert.Equal("Query has more than 32 terms", result.Error!.Message);
        Assert.Equal(query.IndexOf("w32", StringComparison.Ordinal) + 1, result.Error.Column);
        Assert.True(QueryParser.Parse(string.Join(' ', Enumerable.Range(0, 32).Select(i => $"w{i}"))).IsSuccess);
    }

    [Fact]
    public void NullQueryIsEmptyNotAnException() =>
        Assert.Equal("Query is empty", QueryParser.Parse(null).Error!.Message);

    [Fact]
    public void PrecedenceGroupsAndBeforeOr()
    {
        var root = QueryParser.Parse("a b OR c").Query!.Root;
        var or = Assert.IsType<OrNode>(root);
        Assert.IsType<AndNode>(or.Alternatives[0]);
        Assert.Equal("c", Assert.IsType<TermNode>(or.Alternatives[1]).Text);
    }

    [Fact]
    public void HyphenatedWordIsAPhraseOfItsTokens()
    {
        var term = Assert.IsType<TermNode>(QueryParser.Parse("Long-Context").Query!.Root);
        Assert.Equal(["long", "context"], term.Tokens);
        Assert.Equal(QueryField.TitleOrAbstract, term.Field);
    }

    [Fact]
    public void FieldGroupAppliesToEachTerm()
    {
        var or = Assert.IsType<OrNode>(QueryParser.Parse("author:(Glavaš OR \"Ivan Vulić\")").Query!.Root);
        Assert.All(or.Alternatives, a => Assert.Equal(QueryField.Author, Assert.IsType<TermNode>(a).Field));
        Assert.Equal(["ivan", "vulic"], ((TermNode)or.Alternatives[1]).Tokens);
    }

    [Fact]
    public void ExclusionIsANotNodeInsideTheAnd()
    {
        var and = Assert.IsType<AndNode>(QueryParser.Parse("multilingual -survey").Query!.Root);
        Assert.IsType<TermNode>(and.Children[0]);
        Assert.Equal("survey", Assert.IsType<TermNode>(Assert.IsType<NotNode>(and.Children[1]).Excluded).Text);
    }
}
