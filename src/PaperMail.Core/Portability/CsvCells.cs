namespace PaperMail.Core.Portability;

/// <summary>
/// Spreadsheet formula injection, both ways. The export prefixes a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, a tab or a carriage return with <c>'</c>; the import takes that prefix off again, and refuses a cell that
/// starts with one of those characters without it (except a query's <c>-word</c>, PaperMail's own "exclude").
/// </summary>
public static class CsvCells
{
    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The cell's text as it was before the export neutralised it.</summary>
    public static string Unescape(string cell) =>
        cell.Length >= 2 && cell[0] == '\'' && IsTrigger(cell[1]) ? cell[1..] : cell;

    /// <summary>
    /// Whether a raw cell would run as a formula in a spreadsheet. A query may start with <c>-</c> (exclusion), which
    /// spreadsheets that re-save the export write back without the apostrophe.
    /// </summary>
    public static bool LooksLikeFormula(string cell, bool isQuery) =>
        cell.Length > 0 && IsTrigger(cell[0]) && !(isQuery && cell[0] == '-');
}
