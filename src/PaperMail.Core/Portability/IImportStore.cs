namespace PaperMail.Core.Portability;

/// <summary>The writing side of a CSV import, and the record of imports.</summary>
public interface IImportStore
{
    /// <summary>
    /// A line whose people already consented: the subscriber becomes active (a pending one is confirmed) and the alert
    /// is added active, unless it is there already or the subscriber has <paramref name="maxAlerts"/> alerts. An
    /// address that unsubscribed or is suppressed here is left alone.
    /// </summary>
    Task<(ImportLineOutcome Outcome, string Message)> AddConsentedAsync(ImportRow row, DateTimeOffset now, int maxAlerts, CancellationToken ct = default);

    /// <summary>Whether the address already has this alert (not deleted), so importing it again changes nothing.</summary>
    Task<bool> HasAlertAsync(string emailKey, ImportedAlert alert, CancellationToken ct = default);

    Task<long> RecordAsync(ImportRecord import, CancellationToken ct = default);

    Task<IReadOnlyList<ImportRecord>> GetRecentAsync(int limit, CancellationToken ct = default);
}
