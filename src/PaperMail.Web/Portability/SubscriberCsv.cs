using System.Globalization;
using CsvHelper;
using PaperMail.Core.Portability;

namespace PaperMail.Web.Portability;

/// <summary>
/// The admin export as CSV (RFC 4180, UTF-8). A cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return gets a leading <c>'</c> (CsvHelper's injection escaping), so a spreadsheet shows an alert such as
/// <c>=cmd|…</c> as text instead of running it.
/// </summary>
public static class SubscriberCsv
{
    public static readonly string[] Header =
        ["email", "frequency", "state", "created_at", "confirmed_at", "query", "min_upvotes", "paused", "alert_state", "alert_created_at", "top_n"];

    public static async Task WriteAsync(Stream output, IEnumerable<ExportRow> rows, CancellationToken ct)
    {
        // The default injection characters are exactly OWASP's list: = @ + -, tab and CR.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, true);
        await csv.WriteRecordAsync(Header, ct);
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync(
            [
                row.Email, row.Frequency, row.State, Time(row.CreatedAt), Time(row.ConfirmedAt), row.Query ?? "",
                row.MinUpvotes?.ToString(CultureInfo.InvariantCulture) ?? "",
                row.Paused is { } paused ? (paused ? "true" : "false") : "",
                row.AlertState ?? "", Time(row.AlertCreatedAt), row.TopN?.ToString(CultureInfo.InvariantCulture) ?? "",
            ], ct);
        }
        await csv.FlushAsync(ct);
    }

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
