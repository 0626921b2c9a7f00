namespace PaperMail.Core.Portability;

/// <summary>One line of the admin export: a subscriber with one of their alerts (or none).</summary>
public sealed record ExportRow(
    string Email, string Frequency, string State, DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt,
    string? Query, int? MinUpvotes, bool? Paused, string? AlertState, DateTimeOffset? AlertCreatedAt, int? TopN = null);

/// <summary>An alert as the person's data download lists it.</summary>
public sealed record PersonalAlert(string Query, int? MinUpvotes, bool Paused, string State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A digest as the person's data download lists it.</summary>
public sealed record PersonalDigest(string Period, string State, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, int Papers);

/// <summary>Everything PaperMail holds about one subscriber (tokens only as the fact that they exist: they are stored hashed).</summary>
public sealed record PersonalData(
    string Email, string Frequency, string State, string? StateReason, DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt,
    IReadOnlyList<PersonalAlert> Alerts, IReadOnlyList<PersonalDigest> Digests, int ActiveLinks, int EmailsLogged);

public interface IPortabilityStore
{
    /// <summary>Every subscriber, one row per alert that is not deleted (one row with no alert if they have none).</summary>
    Task<IReadOnlyList<ExportRow>> GetExportRowsAsync(CancellationToken ct = default);

    Task<PersonalData?> GetPersonalDataAsync(long subscriberId, CancellationToken ct = default);
}
