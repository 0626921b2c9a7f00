namespace PaperMail.Core.Matching.Language;

/// <summary>Bounds that keep one alert's cost (parse, index, verify) small and the parser's recursion shallow.</summary>
public static class QueryLimits
{
    public const int MaxLength = 512;
    public const int MaxTerms = 32;
    public const int MaxDepth = 10;
}
