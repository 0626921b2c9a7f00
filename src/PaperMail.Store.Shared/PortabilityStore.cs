using Dapper;
using PaperMail.Core.Portability;

namespace PaperMail.Store.Shared;

public sealed class PortabilityStore(IStoreDatabase database) : IPortabilityStore
{
    public async Task<IReadOnlyList<ExportRow>> GetExportRowsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Email, string Frequency, string State, long CreatedAt, long? ConfirmedAt,
            string? Query, long? MinUpvotes, long? Paused, string? AlertState, long? AlertCreatedAt, long? TopN)>(new CommandDefinition("""
            SELECT s.email, s.frequency, s.state, s.created_at, s.confirmed_at,
                   a.query, a.min_upvotes, a.paused, a.state, a.created_at, a.top_n
            FROM subscribers s LEFT JOIN alerts a ON a.subscriber_id = s.id AND a.state <> 'deleted'
            ORDER BY s.id, a.id
            """, cancellationToken: ct));
        return [.. rows.Select(r => new ExportRow(r.Email, r.Frequency, r.State, Time(r.CreatedAt), TimeOrNull(r.ConfirmedAt),
            r.Query, (int?)r.MinUpvotes, r.Paused is { } p ? p != 0 : null, r.AlertState, TimeOrNull(r.AlertCreatedAt), (int?)r.TopN))];
    }

    public async Task<PersonalData?> GetPersonalDataAsync(long subscriberId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var s = await connection.QuerySingleOrDefaultAsync<(string Email, string Frequency, string State, string? Reason, long CreatedAt, long? ConfirmedAt, string EmailKey)>(
            new CommandDefinition("""
            SELECT email, frequency, state, state_reason, created_at, confirmed_at, email_key FROM subscribers WHERE id = @subscriberId
            """, new { subscriberId }, cancellationToken: ct));
        if (s.Email is null) return null;
        var alerts = await connection.QueryAsync<(string Query, long? MinUpvotes, long Paused, string State, long CreatedAt, long UpdatedAt)>(new CommandDefinition("""
            SELECT query, min_upvotes, paused, state, created_at, updated_at FROM alerts
            WHERE subscriber_id = @subscriberId AND state <> 'deleted' ORDER BY id
            """, new { subscriberId }, cancellationToken: ct));
        var digests = await connection.QueryAsync<(string Period, string State, long CreatedAt, long? SentAt, long Papers)>(new CommandDefinition("""
            SELECT d.period, d.state, d.created_at, d.sent_at, (SELECT COUNT(DISTINCT paper_id) FROM digest_items i WHERE i.digest_id = d.id)
            FROM digests d WHERE d.subscriber_id = @subscriberId ORDER BY d.id
            """, new { subscriberId }, cancellationToken: ct));
        var links = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM subscription_tokens WHERE subscriber_id = @subscriberId", new { subscriberId }, cancellationToken: ct));
        var logged = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM email_log WHERE email_key = @key", new { key = s.EmailKey }, cancellationToken: ct));
        return new PersonalData(s.Email, s.Frequency, s.State, s.Reason, Time(s.CreatedAt), TimeOrNull(s.ConfirmedAt),
            [.. alerts.Select(a => new PersonalAlert(a.Query, (int?)a.MinUpvotes, a.Paused != 0, a.State, Time(a.CreatedAt), Time(a.UpdatedAt)))],
            [.. digests.Select(d => new PersonalDigest(d.Period, d.State, Time(d.CreatedAt), TimeOrNull(d.SentAt), (int)d.Papers))],
            (int)links, (int)logged);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? TimeOrNull(long? ms) => ms is { } v ? Time(v) : null;
}
