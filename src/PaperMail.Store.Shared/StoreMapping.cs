using Dapper;

namespace PaperMail.Store.Shared;

/// <summary>Dapper's process-wide mapping rules, set once by each database before any store reads a row.</summary>
public static class StoreMapping
{
    /// <summary>Columns are snake_case, row classes PascalCase.</summary>
    public static void Apply() => DefaultTypeMap.MatchNamesWithUnderscores = true;
}
