using System.Globalization;
using System.Text;
using Dapper;

namespace PaperMail.Store.Shared;

/// <summary>
/// A batch of rows as one multi-row <c>VALUES</c> list, each value its own parameter, so that a batch is one statement
/// on either database: on PostgreSQL a statement per row would be a round trip to the server per row, and SQLite takes
/// no arrays. Both name the list's columns <c>column1</c>, <c>column2</c>, …
/// </summary>
internal static class RowValues
{
    /// <summary>
    /// Rows per statement: SQLite finds each parameter by name with a linear search, so a list of thousands of values
    /// would spend more on binding than a statement per row.
    /// </summary>
    public const int Batch = 100;

    /// <summary>Adds each row's values to <paramref name="parameters"/> and returns <c>(VALUES (@v0_0, …), …)</c>.</summary>
    public static string Add<T>(DynamicParameters parameters, IReadOnlyCollection<T> rows, params Func<T, object?>[] columns)
    {
        var sql = new StringBuilder("(VALUES ");
        var r = 0;
        foreach (var row in rows)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"v{r}_{c}");
                parameters.Add(name, columns[c](row));
                sql.Append(c == 0 ? "@" : ", @").Append(name);
            }
            sql.Append(')');
            r++;
        }
        return sql.Append(')').ToString();
    }
}
