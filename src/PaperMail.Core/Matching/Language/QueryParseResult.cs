using System.Diagnostics.CodeAnalysis;

namespace PaperMail.Core.Matching.Language;

/// <summary>Either a <see cref="ParsedQuery"/> or a <see cref="QueryError"/>; parsing never throws.</summary>
public sealed class QueryParseResult
{
    private QueryParseResult(ParsedQuery? query, QueryError? error)
    {
        Query = query;
        Error = error;
    }

    public ParsedQuery? Query { get; }
    public QueryError? Error { get; }

    [MemberNotNullWhen(true, nameof(Query))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Query is not null;

    internal static QueryParseResult Success(ParsedQuery query) => new(query, null);
    internal static QueryParseResult Failure(string message, int column) => new(null, new QueryError(message, column));
}
