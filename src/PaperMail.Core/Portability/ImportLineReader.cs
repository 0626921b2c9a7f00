using System.Globalization;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Core.Portability;

/// <summary>
/// Turns one CSV line of the export's format into an <see cref="ImportRow"/> or a reason, the way the subscription
/// form checks its fields. Pure: the CSV parsing and the writing happen elsewhere.
/// </summary>
public static class ImportLineReader
{
    /// <summary>The columns the import needs; the export's others (dates, states) may be present and are read where they matter.</summary>
    public static readonly string[] Required = ["email", "frequency", "query"];

    /// <summary>Reads the line's cells by column name (missing optional columns are empty).</summary>
    public static (ImportRow? Row, string? Error) Read(int line, Func<string, string> cell)
    {
        foreach (var column in new[] { "email", "frequency", "query", "min_upvotes", "paused", "top_n", "state", "alert_state" })
        {
            var raw = cell(column);
            if (CsvCells.LooksLikeFormula(raw, column == "query"))
                return (null, $"the {column} cell starts with '{Describe(raw[0])}', like a spreadsheet formula; it was not imported");
        }
        var email = EmailAddress.TryParse(cell("email"), out var emailError);
        if (email is null) return (null, $"email: {emailError}");
        var state = cell("state").Trim();
        if (state is "unsubscribed" or "suppressed")
            return (null, $"the address is {state} in the file: it is not subscribed again");
        if (!DigestFrequencyText.TryParse(cell("frequency").Trim(), out var frequency)) return (null, "frequency: must be daily or weekly");

        var query = CsvCells.Unescape(cell("query"));
        var topNText = cell("top_n").Trim();
        if (query.Length == 0 && topNText.Length == 0) return (new ImportRow(line, email, frequency, null), null);
        if (cell("alert_state").Trim() == "deleted") return (null, "the alert is deleted in the file");

        // The alert rules of the subscription form, reported with the file's column names.
        var checkedAlert = new AlertInput(topNText.Length > 0 ? AlertKinds.Top : AlertKinds.Query, query, cell("min_upvotes"), topNText).Validate();
        foreach (var (field, column) in new[] { ("TopN", "top_n"), ("Query", "query"), ("MinUpvotes", "min_upvotes") })
        {
            if (checkedAlert.Errors.TryGetValue(field, out var message)) return (null, $"{column}: {message}");
        }
        var valid = checkedAlert.Alert!;
        var pausedText = cell("paused").Trim();
        if (pausedText is not ("" or "true" or "false")) return (null, "paused: must be true, false or empty");
        return (new ImportRow(line, email, frequency, new ImportedAlert(valid.StoredQuery, valid.MinUpvotes, pausedText == "true", valid.TopN, valid.Query)), null);
    }

    private static string Describe(char c) => c switch
    {
        '\t' => "a tab",
        '\r' => "a carriage return",
        _ => c.ToString(CultureInfo.InvariantCulture),
    };
}
