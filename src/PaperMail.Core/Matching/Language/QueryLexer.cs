namespace PaperMail.Core.Matching.Language;

/// <summary>
/// Splits query text into words, quoted phrases, field prefixes, <c>-</c>, <c>OR</c> and parentheses.
/// Reports the first lexical error (unclosed quote, control character, unknown field) with its column.
/// </summary>
internal static class QueryLexer
{
    public const string UnknownFieldHint = "use title:, abstract:, author: or org:";

    public static QueryToken[]? Lex(string text, out QueryError? error)
    {
        var tokens = new List<QueryToken>();
        error = null;
        for (int k = 0; k < text.Length; k++)
        {
            // Tabs and line breaks are whitespace; any other control character is pasted junk we refuse to store.
            if (char.IsControl(text[k]) && !char.IsWhiteSpace(text[k]))
            {
                error = new QueryError($"Control character U+{(int)text[k]:X4} is not allowed", k + 1);
                return null;
            }
        }
        bool afterField = false;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int column = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
                afterField = false;
                continue;
            }
            switch (c)
            {
                case '(':
                    tokens.Add(new QueryToken(QueryTokenKind.OpenParen, "(", column));
                    i++;
                    break;
                case ')':
                    tokens.Add(new QueryToken(QueryTokenKind.CloseParen, ")", column));
                    i++;
                    break;
                case '"':
                    int close = text.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        error = new QueryError("Unclosed quote: add the closing \"", column);
                        return null;
                    }
                    tokens.Add(new QueryToken(QueryTokenKind.Phrase, CollapseWhitespace(text[(i + 1)..close]), column));
                    i = close + 1;
                    break;
                case '-' when i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text[i + 1] != ')':
                    tokens.Add(new QueryToken(QueryTokenKind.Minus, "-", column));
                    i++;
                    break;
                default:
                    int end = i;
                    while (end < text.Length && !IsWordBoundary(text[end])) end++;
                    var word = text[i..end];
                    if (word == "OR")
                    {
                        tokens.Add(new QueryToken(QueryTokenKind.Or, word, column));
                        i = end;
                        break;
                    }
                    int colon = afterField ? -1 : word.IndexOf(':');
                    if (colon > 0 && word[..colon].All(char.IsAsciiLetter))
                    {
                        var name = word[..colon];
                        var rest = word[(colon + 1)..];
                        char next = end < text.Length ? text[end] : '\0';
                        bool followedByTerm = rest.Length > 0 || next is '"' or '(';
                        var field = FieldNamed(name);
                        if (field is { } known)
                        {
                            if (!followedByTerm)
                            {
                                error = new QueryError($"'{name.ToLowerInvariant()}:' must be followed by a term with no space in between", column);
                                return null;
                            }
                            tokens.Add(new QueryToken(QueryTokenKind.Field, name.ToLowerInvariant() + ":", column, known));
                            // The term after the prefix is lexed normally, but never as another field prefix.
                            i += colon + 1;
                            afterField = true;
                            break;
                        }
                        // "https://…" and "word:" (trailing colon) are ordinary words; "foo:bar" is a mistyped field.
                        if (followedByTerm && !rest.StartsWith('/'))
                        {
                            error = new QueryError($"Unknown field '{name}'; {UnknownFieldHint}", column);
                            return null;
                        }
                    }
                    tokens.Add(new QueryToken(QueryTokenKind.Word, word, column));
                    i = end;
                    afterField = false;
                    break;
            }
            if (c is '(' or ')' or '"' or '-') afterField = false;
        }
        return [.. tokens];
    }

    private static bool IsWordBoundary(char c) => char.IsWhiteSpace(c) || c is '(' or ')' or '"';

    private static QueryField? FieldNamed(string name) => name.ToLowerInvariant() switch
    {
        "title" => QueryField.Title,
        "abstract" => QueryField.Abstract,
        "author" => QueryField.Author,
        "org" => QueryField.Organization,
        _ => null,
    };

    private static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
