using PaperMail.Core.Subscriptions;

namespace PaperMail.Core.Portability;

/// <summary>
/// One valid line of an imported CSV: a subscriber, and the alert on that line if it has one (a subscriber with no
/// alerts is exported as one line with an empty query and no alert state).
/// </summary>
public sealed record ImportRow(int Line, EmailAddress Email, DigestFrequency Frequency, ImportedAlert? Alert);

/// <summary>
/// An alert as the file holds it: the stored (normalised) query, or empty with <paramref name="TopN"/> for a top alert.
/// <paramref name="Parsed"/> is that query as the import's check read it, so it is not parsed again to be stored.
/// </summary>
public sealed record ImportedAlert(string Query, int? MinUpvotes, bool Paused, int? TopN, Matching.Language.ParsedQuery? Parsed = null);

/// <summary>What happened to one line: imported, or not and why (the admin sees these, with the line number).</summary>
public sealed record ImportLineResult(int Line, string? Email, ImportLineOutcome Outcome, string Message);

public enum ImportLineOutcome
{
    /// <summary>Subscriber and alert written (with consent), or the confirmation email sent.</summary>
    Imported,
    /// <summary>Already there: nothing to do.</summary>
    Unchanged,
    /// <summary>Not now: a cap on confirmation emails was reached; importing the file again later sends it.</summary>
    Deferred,
    /// <summary>Not imported: the line is invalid or a rule forbids it.</summary>
    Refused,
}

/// <summary>The record of one import, kept with who did it and whether they declared consent.</summary>
public sealed record ImportRecord(
    long Id, string ImportedBy, DateTimeOffset ImportedAt, string FileName, int Rows, int Imported, int Rejected,
    int ConfirmationsSent, int ConfirmationsDeferred, bool AlreadyConsented);
