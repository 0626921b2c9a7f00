namespace PaperMail.Core.Matching.Language;

/// <summary>A lexed piece of query text. <see cref="Column"/> is 1-based.</summary>
internal readonly record struct QueryToken(QueryTokenKind Kind, string Text, int Column, QueryField Field = QueryField.TitleOrAbstract);
