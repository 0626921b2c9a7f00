namespace PaperMail.Core.Matching.Language;

/// <summary>
/// Parses the alert query language into a <see cref="ParsedQuery"/> or a located <see cref="QueryError"/>; never throws.
/// </summary>
/// <remarks>
/// Grammar (AND binds tighter than OR):
/// <code>
/// query   := or
/// or      := and ("OR" and)*
/// and     := unary+
/// unary   := "-"? primary
/// primary := field? (word | "phrase" | "(" or ")")
/// </code>
/// A term whose text analyses to no tokens (<c>-</c>, <c>???</c>) is dropped; the query is an error only if nothing
/// searchable is left. Every AND group must contain a term that must match, so every query can be indexed by the
/// percolator under a required term.
/// </remarks>
public static class QueryParser
{
    public static QueryParseResult Parse(string? text)
    {
        text ??= "";
        if (text.Length > QueryLimits.MaxLength)
            return QueryParseResult.Failure($"Query is longer than {QueryLimits.MaxLength} characters ({text.Length})", QueryLimits.MaxLength + 1);
        if (string.IsNullOrWhiteSpace(text))
            return QueryParseResult.Failure("Query is empty", 1);

        var tokens = QueryLexer.Lex(text, out var lexError);
        if (tokens is null) return Fail(lexError!);
        if (CheckStructure(tokens) is { } structureError) return Fail(structureError);

        try
        {
            var state = new State(tokens);
            var root = state.ParseOr(QueryField.TitleOrAbstract, out _);
            if (state.Peek() is { Kind: QueryTokenKind.CloseParen } stray)
                return QueryParseResult.Failure("Unmatched ')'", stray.Column);
            if (root is null)
                return QueryParseResult.Failure("Query has no searchable words (only punctuation or symbols)", state.FirstDroppedColumn ?? 1);
            if (root is NotNode || root is AndNode and && and.Children.All(c => c is NotNode))
                return QueryParseResult.Failure("Query has only exclusions: add at least one term that must match", FirstColumn(tokens, QueryTokenKind.Minus));
            return QueryParseResult.Success(new ParsedQuery(text, root));
        }
        catch (QueryErrorException e)
        {
            return Fail(e.Error);
        }
    }

    private static QueryParseResult Fail(QueryError error) => QueryParseResult.Failure(error.Message, error.Column);

    private static int FirstColumn(QueryToken[] tokens, QueryTokenKind kind) =>
        tokens.FirstOrDefault(t => t.Kind == kind) is { Column: > 0 } t ? t.Column : 1;

    /// <summary>Parenthesis balance, nesting depth and term count, checked before recursion so input cannot overflow the stack.</summary>
    private static QueryError? CheckStructure(QueryToken[] tokens)
    {
        var open = new Stack<int>();
        int terms = 0;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case QueryTokenKind.OpenParen:
                    open.Push(token.Column);
                    if (open.Count > QueryLimits.MaxDepth)
                        return new QueryError($"Parentheses are nested deeper than {QueryLimits.MaxDepth} levels", token.Column);
                    break;
                case QueryTokenKind.CloseParen:
                    if (open.Count == 0) return new QueryError("Unmatched ')'", token.Column);
                    open.Pop();
                    break;
                case QueryTokenKind.Word or QueryTokenKind.Phrase:
                    if (++terms > QueryLimits.MaxTerms)
                        return new QueryError($"Query has more than {QueryLimits.MaxTerms} terms", token.Column);
                    break;
            }
        }
        // The outermost unclosed parenthesis is the most useful one to point at.
        return open.Count > 0 ? new QueryError("Unclosed '(': add the matching ')'", open.Last()) : null;
    }

    private sealed class QueryErrorException(QueryError error) : Exception(error.Message)
    {
        public QueryError Error { get; } = error;
    }

    private sealed class State(QueryToken[] tokens)
    {
        private int _next;

        public int? FirstDroppedColumn { get; private set; }

        public QueryToken? Peek() => _next < tokens.Length ? tokens[_next] : null;

        private QueryToken Take() => tokens[_next++];

        private static QueryErrorException Error(string message, int column) => new(new QueryError(message, column));

        /// <summary>Returns null when nothing searchable was found; <paramref name="sawTokens"/> tells "()" from "(???)".</summary>
        public QueryNode? ParseOr(QueryField field, out bool sawTokens)
        {
            var alternatives = new List<QueryNode>();
            sawTokens = false;
            QueryToken? lastOr = null;
            while (true)
            {
                if (Peek() is { Kind: QueryTokenKind.Or } or)
                    throw Error("'OR' must stand between two terms", or.Column);
                int startColumn = Peek()?.Column ?? 0;
                var items = ParseAnd(field, out bool sawAnd);
                if (!sawAnd)
                {
                    if (lastOr is { } dangling) throw Error("'OR' must stand between two terms", dangling.Column);
                    break;
                }
                sawTokens = true;
                if (items.Count > 0 && items.All(i => i is NotNode) && (lastOr is not null || Peek() is { Kind: QueryTokenKind.Or }))
                    throw Error("This alternative has only exclusions: add a term that must match", startColumn);
                if (items.Count > 0) alternatives.Add(MakeAnd(items));
                if (Peek() is not { Kind: QueryTokenKind.Or }) break;
                lastOr = Take();
            }
            return MakeOr(alternatives);
        }

        private List<QueryNode> ParseAnd(QueryField field, out bool sawTokens)
        {
            var items = new List<QueryNode>();
            sawTokens = false;
            while (Peek() is { } token && token.Kind is not (QueryTokenKind.Or or QueryTokenKind.CloseParen))
            {
                sawTokens = true;
                bool excluded = false;
                if (token.Kind == QueryTokenKind.Minus)
                {
                    Take();
                    excluded = true;
                    if (Peek() is not { Kind: QueryTokenKind.Word or QueryTokenKind.Phrase or QueryTokenKind.OpenParen or QueryTokenKind.Field })
                        throw Error("'-' must be followed by a word, a \"phrase\" or a (group)", token.Column);
                }
                var node = ParsePrimary(field);
                if (node is null) continue;
                items.Add(excluded ? new NotNode(node) : node);
            }
            return items;
        }

        private QueryNode? ParsePrimary(QueryField field)
        {
            var token = Take();
            if (token.Kind == QueryTokenKind.Field)
            {
                field = token.Field;
                if (Peek() is not { Kind: QueryTokenKind.Word or QueryTokenKind.Phrase or QueryTokenKind.OpenParen })
                    throw Error($"'{token.Text}' must be followed by a word, a \"phrase\" or a (group)", token.Column);
                token = Take();
            }
            switch (token.Kind)
            {
                case QueryTokenKind.Word or QueryTokenKind.Phrase:
                    var analysed = TextAnalyzer.Analyze(token.Text);
                    if (analysed.Length == 0)
                    {
                        FirstDroppedColumn ??= token.Column;
                        return null;
                    }
                    return new TermNode(field, token.Text, token.Kind == QueryTokenKind.Phrase, analysed);
                case QueryTokenKind.OpenParen:
                    var inner = ParseOr(field, out bool sawTokens);
                    // Balance was checked up front, so the next token is this group's ')'.
                    Take();
                    if (!sawTokens) throw Error("Empty parentheses", token.Column);
                    if (inner is NotNode || inner is AndNode and && and.Children.All(c => c is NotNode))
                        throw Error("This group has only exclusions: add a term that must match", token.Column);
                    return inner;
                case QueryTokenKind.Minus:
                    throw Error("'-' must be followed by a word, a \"phrase\" or a (group)", token.Column);
                default:
                    throw Error($"Unexpected '{token.Text}'", token.Column);
            }
        }

        private static QueryNode MakeAnd(List<QueryNode> items) =>
            items.Count == 1 ? items[0] : new AndNode(Flatten<AndNode>(items, and => and.Children));

        private static QueryNode? MakeOr(List<QueryNode> alternatives) => alternatives.Count switch
        {
            0 => null,
            1 => alternatives[0],
            _ => new OrNode(Flatten<OrNode>(alternatives, or => or.Alternatives)),
        };

        /// <summary>A group nested in a group of its own kind joins it: <c>(a b) c</c> is <c>a b c</c>.</summary>
        private static List<QueryNode> Flatten<TGroup>(List<QueryNode> items, Func<TGroup, IEnumerable<QueryNode>> members)
            where TGroup : QueryNode
        {
            var flat = new List<QueryNode>();
            foreach (var item in items)
            {
                if (item is TGroup group) flat.AddRange(members(group));
                else flat.Add(item);
            }
            return flat;
        }
    }
}
