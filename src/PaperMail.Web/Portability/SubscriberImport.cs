using System.Text;
using CsvHelper;
using PaperMail.Core.Portability;
using PaperMail.Core.Subscriptions;
using PaperMail.Web.Subscribing;

namespace PaperMail.Web.Portability;

/// <summary>What an import did: a problem with the whole file, or one result per row, and the import's record.</summary>
public sealed record ImportResult(string? FileError, IReadOnlyList<ImportLineResult> Rows, ImportRecord? Record);

/// <summary>
/// The admin's CSV import, in the export's format. Without declared consent each alert goes through the double opt-in
/// path (the same caps as the form, with the reason when one stops a row); with it, subscribers and alerts are
/// written active. Bad rows are reported with their row number (the header is row 1) and the good ones kept.
/// </summary>
public sealed partial class SubscriberImport(
    IImportStore store, SubscriptionFlow flow, SubscriptionAbuseGuard guard, IOptions<AbuseLimitOptions> limits,
    TimeProvider clock, ILogger<SubscriberImport> logger)
{
    public const int MaxFileBytes = 2 * 1024 * 1024;
    public const int MaxRows = 10_000;

    public async Task<ImportResult> ImportAsync(string fileName, byte[] content, bool alreadyConsented, string importedBy, CancellationToken ct)
    {
        if (content.Length > MaxFileBytes) return Failed($"The file is larger than {MaxFileBytes / 1024 / 1024} MB; split it.");
        if (Decode(content, out var error) is not { } text) return Failed(error!);
        var (rows, fileError) = Parse(text);
        if (fileError is not null && rows.Count == 0) return Failed(fileError);

        var results = new List<ImportLineResult>();
        foreach (var (line, row, rowError) in rows)
        {
            if (row is null)
            {
                results.Add(new ImportLineResult(line, null, ImportLineOutcome.Refused, rowError!));
                continue;
            }
            var (outcome, message) = alreadyConsented
                ? await store.AddConsentedAsync(row, clock.GetUtcNow(), limits.Value.MaxAlertsPerSubscriber, ct)
                : await ConfirmAsync(row, ct);
            results.Add(new ImportLineResult(line, row.Email.Display, outcome, message));
        }
        if (fileError is not null) results.Add(new ImportLineResult(rows.Count + 2, null, ImportLineOutcome.Refused, fileError));

        var record = new ImportRecord(0, importedBy, clock.GetUtcNow(), Path.GetFileName(fileName), rows.Count,
            results.Count(r => r.Outcome is ImportLineOutcome.Imported),
            results.Count(r => r.Outcome is ImportLineOutcome.Refused),
            alreadyConsented ? 0 : results.Count(r => r.Outcome is ImportLineOutcome.Imported),
            results.Count(r => r.Outcome is ImportLineOutcome.Deferred), alreadyConsented);
        record = record with { Id = await store.RecordAsync(record, ct) };
        LogImported(record.Id, record.Rows, record.Imported, record.Rejected, record.ConfirmationsDeferred, alreadyConsented);
        return new ImportResult(null, results, record);
    }

    private async Task<(ImportLineOutcome, string)> ConfirmAsync(ImportRow row, CancellationToken ct)
    {
        if (row.Alert is not { } alert) return (ImportLineOutcome.Refused, "no alert on this row: without consent there is nothing to confirm");
        if (await store.HasAlertAsync(row.Email.Key, alert, ct)) return (ImportLineOutcome.Unchanged, "the address already has this alert");
        if (await guard.WhyNoConfirmationAsync(row.Email, ct) is { } refusal)
            return (refusal.Later ? ImportLineOutcome.Deferred : ImportLineOutcome.Refused, refusal.Reason);
        var sent = await flow.RequestAsync(new SubscriptionRequest(row.Email, alert.Parsed, row.Frequency, alert.MinUpvotes, alert.TopN), ct);
        return sent
            ? (ImportLineOutcome.Imported, "confirmation email sent: the alert starts once the person confirms")
            : (ImportLineOutcome.Deferred, "no confirmation sent: the address is suppressed here or had its hourly number of confirmation emails (PaperMail:RateLimits:ConfirmationEmailsPerAddressPerHour)");
    }

    /// <summary>UTF-8 only (with or without a byte-order mark): another encoding would turn names and queries into mojibake.</summary>
    private static string? Decode(byte[] content, out string? error)
    {
        error = null;
        if (content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF)))
        {
            error = "The file is UTF-16 text; save it as \"CSV UTF-8\" and import it again.";
            return null;
        }
        var start = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
        try
        {
            var text = new UTF8Encoding(false, true).GetString(content, start, content.Length - start);
            if (text.Contains('\0', StringComparison.Ordinal)) error = "The file holds NUL characters: it is not a CSV text file.";
            return error is null ? text : null;
        }
        catch (DecoderFallbackException e)
        {
            error = $"The file is not UTF-8 text (an invalid byte at position {e.Index + start}); save it as \"CSV UTF-8\" and import it again.";
            return null;
        }
    }

    /// <summary>The rows (number, row or reason), and a reason the reading stopped early, if it did.</summary>
    private static (List<(int Line, ImportRow? Row, string? Error)> Rows, string? FileError) Parse(string text)
    {
        var rows = new List<(int, ImportRow?, string?)>();
        using var csv = CsvReader.Create(new StringReader(text), new CsvReaderOptions
        {
            HasHeader = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = 256 * 1024,
        });
        string[]? header = null;
        var line = 0;
        try
        {
            while (csv.Read())
            {
                line++;
                var cells = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i)).ToArray();
                if (header is null)
                {
                    header = [.. cells.Select(c => c.Trim().ToLowerInvariant())];
                    var missing = ImportLineReader.Required.Where(r => !header.Contains(r)).ToList();
                    if (missing.Count > 0)
                        return (rows, $"The first row must be the export's header (email, frequency, query, …); missing: {string.Join(", ", missing)}.");
                    continue;
                }
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count >= MaxRows) return (rows, $"Only the first {MaxRows} rows were read: at most {MaxRows} per import.");
                if (cells.Length != header.Length)
                {
                    rows.Add((line, null, $"{cells.Length} columns where the header has {header.Length}"));
                    continue;
                }
                var byName = header.Zip(cells).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.First().Second, StringComparer.Ordinal);
                var (row, error) = ImportLineReader.Read(line, name => byName.GetValueOrDefault(name) ?? "");
                rows.Add((line, row, error));
            }
        }
        catch (CsvFormatException e)
        {
            return (rows, $"Row {line + 1} is not valid CSV ({e.Message}); the rows after it were not read.");
        }
        return (rows, header is null ? "The file is empty." : null);
    }

    private static ImportResult Failed(string error) => new(error, [], null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId}: {Rows} rows, {Imported} imported, {Rejected} refused, {Deferred} deferred (consent declared: {Consented})")]
    private partial void LogImported(long importId, int rows, int imported, int rejected, int deferred, bool consented);
}
