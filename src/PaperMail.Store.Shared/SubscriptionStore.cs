using System.Data.Common;
using Dapper;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Store.Shared;

/// <summary>Subscribers, alerts, tokens and the email log. Times are Unix milliseconds.</summary>
public sealed partial class SubscriptionStore(IStoreDatabase database) : ISubscriptionStore, ISubscriptionLinkStore
{
    private const string ConfirmKind = "confirm";

    public async Task<PendingConfirmation?> RequestConfirmationAsync(SubscriptionRequest request, string confirmTokenHash,
        DateTimeOffset now, int maxEmailsPerHour, CancellationToken ct = default)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // One request per address at a time: the hourly limit is counted and the subscriber row made without a race.
        await database.Dialect.LockAsync(tx, request.Email.Key, ct);

        var sentLastHour = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM email_log WHERE email_key = @key AND kind = @kind AND sent_at > @since
            """, new { key = request.Email.Key, kind = ConfirmKind, since = at - (long)TimeSpan.FromHours(1).TotalMilliseconds }, tx, cancellationToken: ct));
        if (sentLastHour >= maxEmailsPerHour) return null;

        // An address suppressed long ago is kept only as its hash (housekeeping): it stays suppressed.
        var subscriber = await connection.QuerySingleOrDefaultAsync<(long Id, string State, string Key)?>(new CommandDefinition(
            "SELECT id, state, email_key FROM subscribers WHERE email_key IN (@key, @hashed) ORDER BY email_key = @key DESC LIMIT 1",
            new { key = request.Email.Key, hashed = SuppressionKey.For(request.Email.Key) }, tx, cancellationToken: ct));
        long subscriberId;
        if (subscriber is { } found)
        {
            // A bounced address may prove it works again by confirming; one that complained is left to the admin.
            if (found.State == "suppressed" && await IsComplaintAsync(connection, tx, found.Id, ct)) return null;
            subscriberId = found.Id;
            if (found.Key != request.Email.Key)
            {
                // Kept only as a hash since its retention ran out: the address comes back so that confirming can reach
                // it; the row stays suppressed until then.
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE subscribers SET email = @email, email_key = @key WHERE id = @id",
                    new { id = subscriberId, email = request.Email.Display, key = request.Email.Key }, tx, cancellationToken: ct));
            }
            if (found.State != "active" && request.TimeZone is not null)
            {
                // Only someone not receiving digests yet takes the zone from the public form; the manage page changes it.
                await connection.ExecuteAsync(new CommandDefinition("UPDATE subscribers SET time_zone = @zone WHERE id = @id",
                    new { id = subscriberId, zone = request.TimeZone }, tx, cancellationToken: ct));
            }
            if (found.State == "unsubscribed")
            {
                // A new subscription after leaving starts over as pending: nothing is sent until it is confirmed.
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE subscribers SET state = 'pending', state_reason = NULL, state_changed_at = @at WHERE id = @id
                    """, new { id = subscriberId, at }, tx, cancellationToken: ct));
            }
        }
        else
        {
            subscriberId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO subscribers (email, email_key, frequency, state, created_at, state_changed_at, time_zone)
                VALUES (@email, @key, @frequency, 'pending', @at, @at, @zone)
                RETURNING id
                """, new { email = request.Email.Display, key = request.Email.Key, frequency = request.Frequency.ToText(), at, zone = request.TimeZone }, tx, cancellationToken: ct));
        }

        var alertId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO alerts (subscriber_id, query, min_upvotes, paused, state, created_at, updated_at, top_n, similar_to)
            VALUES (@subscriberId, @query, @minUpvotes, 0, 'pending', @at, @at, @topN, @similarTo)
            RETURNING id
            """, new { subscriberId, query = request.StoredQuery, minUpvotes = request.MinUpvotes, at, topN = request.TopN, similarTo = request.Similar?.ToJson() }, tx, cancellationToken: ct));
        await InsertTokenAsync(connection, tx, confirmTokenHash, TokenPurpose.Confirm, subscriberId, alertId, request.Frequency,
            at, (now + SubscriptionToken.ConfirmLifetime).ToUnixTimeMilliseconds(), ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO email_log (email_key, kind, sent_at) VALUES (@key, @kind, @at)",
            new { key = request.Email.Key, kind = ConfirmKind, at }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new PendingConfirmation(subscriberId, alertId);
    }

    public async Task<ConfirmedAlert?> ConfirmAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var token = await connection.QuerySingleOrDefaultAsync<(long SubscriberId, long AlertId, string? Frequency, long? UsedAt)?>(new CommandDefinition($"""
            SELECT t.subscriber_id, t.alert_id, t.frequency, t.used_at
            FROM subscription_tokens t
            JOIN subscribers s ON s.id = t.subscriber_id
            JOIN alerts a ON a.id = t.alert_id
            WHERE t.hash = @tokenHash AND t.purpose = 'confirm' AND t.expires_at > @at
              AND {ConfirmableSubscriber}
              -- An alert deleted meanwhile (on the manage page, or by unsubscribing) cannot be confirmed, nor can its
              -- old link re-activate an address that left and is pending again.
              AND a.state IN ('pending', 'active')
            """, new { tokenHash, at }, tx, cancellationToken: ct));
        if (token is not { } t) return null;
        if (t.UsedAt is null)
        {
            await ConfirmOnceAsync(connection, tx, tokenHash, t.SubscriberId, t.AlertId, t.Frequency, at, ct);
        }
        var alert = await connection.QuerySingleAsync<AlertRow>(new CommandDefinition(
            $"{AlertRow.Select} WHERE id = @id", new { id = t.AlertId }, tx, cancellationToken: ct));
        var subscriber = await connection.QuerySingleAsync<(string Email, string Frequency)>(new CommandDefinition(
            "SELECT email, frequency FROM subscribers WHERE id = @id", new { id = t.SubscriberId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        DigestFrequencyText.TryParse(subscriber.Frequency, out var frequency);
        return new ConfirmedAlert(t.SubscriberId, subscriber.Email, alert.ToView(), frequency, AlreadyConfirmed: t.UsedAt is not null);
    }

    /// <summary>
    /// Who may confirm (subscriber <c>s</c>): a pending or active address, or one suppressed after bounces, which
    /// proves it works again by confirming; never one that complained.
    /// </summary>
    private const string ConfirmableSubscriber = """
        (s.state IN ('pending', 'active')
         OR (s.state = 'suppressed' AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.subscriber_id = s.id AND x.reason = 'complaint')))
        """;

    /// <summary>The token is single use: it is marked used in the transaction that activates the address and the alert.</summary>
    private static async Task ConfirmOnceAsync(DbConnection connection, DbTransaction tx, string tokenHash, long subscriberId, long alertId,
        string? tokenFrequency, long at, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscription_tokens SET used_at = @at WHERE hash = @tokenHash", new { tokenHash, at }, tx, cancellationToken: ct));
        // Confirming from the inbox proves the address works: a bounce suppression (not a complaint) is lifted.
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM suppressions WHERE subscriber_id = @id AND reason <> 'complaint';
            DELETE FROM bounce_events WHERE subscriber_id = @id AND verdict = 'soft';
            """, new { id = subscriberId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE subscribers
            SET state = 'active', confirmed_at = COALESCE(confirmed_at, @at), frequency = COALESCE(@frequency, frequency),
                state_changed_at = CASE WHEN state = 'active' THEN state_changed_at ELSE @at END
            WHERE id = @id
            """, new { id = subscriberId, frequency = tokenFrequency, at }, tx, cancellationToken: ct));
        // Only a pending alert changes, and its new version tells the match job to back-fill it.
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts SET state = 'active', version = version + 1, updated_at = @at WHERE id = @id AND state = 'pending'
            """, new { id = alertId, at }, tx, cancellationToken: ct));
    }

    public async Task<long?> FindSubscriberAsync(string tokenHash, TokenPurpose purpose, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT subscriber_id FROM subscription_tokens
            WHERE hash = @tokenHash AND purpose = @purpose AND (expires_at IS NULL OR expires_at > @at)
            """, new { tokenHash, purpose = purpose.ToText(), at = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task<SubscriberView?> GetSubscriberAsync(long subscriberId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var subscriber = await connection.QuerySingleOrDefaultAsync<(long Id, string Email, string Frequency, string State)?>(new CommandDefinition(
            "SELECT id, email, frequency, state FROM subscribers WHERE id = @subscriberId", new { subscriberId }, cancellationToken: ct));
        if (subscriber is not { } s) return null;
        var alerts = await connection.QueryAsync<AlertRow>(new CommandDefinition(
            $"{AlertRow.Select} WHERE subscriber_id = @subscriberId AND state = 'active' ORDER BY id", new { subscriberId }, cancellationToken: ct));
        DigestFrequencyText.TryParse(s.Frequency, out var frequency);
        var state = Enum.Parse<SubscriberState>(s.State, ignoreCase: true);
        return new SubscriberView(s.Id, s.Email, frequency, state, [.. alerts.Select(a => a.ToView())]);
    }

    public async Task<bool> UpdateAlertAsync(long subscriberId, long alertId, string query, int? minUpvotes, DateTimeOffset now, CancellationToken ct = default, int? topN = null)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT query FROM alerts WHERE id = @alertId AND subscriber_id = @subscriberId AND state = 'active'",
            new { alertId, subscriberId }, tx, cancellationToken: ct));
        if (current is null) return false;
        if (current != query) await AlertEdits.DropUnmailedMatchesAsync(connection, tx, alertId, ct);
        // A new version makes the match job back-fill the alert against recent papers.
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts SET query = @query, min_upvotes = @minUpvotes, top_n = @topN, version = version + 1, updated_at = @at
            WHERE id = @alertId
            """, new { alertId, query, minUpvotes, topN, at = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> SetPausedAsync(long subscriberId, long alertId, bool paused, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts SET paused = @paused, updated_at = @at
            WHERE id = @alertId AND subscriber_id = @subscriberId AND state = 'active'
            """, new { alertId, subscriberId, paused = paused ? 1 : 0, at = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> DeleteAlertAsync(long subscriberId, long alertId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts SET state = 'deleted', updated_at = @at
            WHERE id = @alertId AND subscriber_id = @subscriberId AND state = 'active'
            """, new { alertId, subscriberId, at = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    }

    public async Task<long> AddActiveAlertAsync(long subscriberId, string query, int? minUpvotes, DateTimeOffset now, CancellationToken ct = default, int? topN = null)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO alerts (subscriber_id, query, min_upvotes, paused, state, created_at, updated_at, version, top_n)
            VALUES (@subscriberId, @query, @minUpvotes, 0, 'active', @at, @at, 2, @topN)
            RETURNING id
            """, new { subscriberId, query, minUpvotes, topN, at = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task SetFrequencyAsync(long subscriberId, DigestFrequency frequency, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET frequency = @frequency WHERE id = @subscriberId",
            new { subscriberId, frequency = frequency.ToText() }, cancellationToken: ct));
    }

    public async Task UnsubscribeAsync(long subscriberId, string reason, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // Alerts are marked deleted, not removed: a later subscription starts with only the alert it confirms.
        await using var tx = await connection.BeginTransactionAsync(ct);
        var at = now.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE subscribers SET state = 'unsubscribed', state_reason = @reason, state_changed_at = @at
            WHERE id = @subscriberId AND state IN ('pending', 'active')
            """, new { subscriberId, reason, at }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts SET state = 'deleted', updated_at = @at WHERE subscriber_id = @subscriberId AND state <> 'deleted'
            """, new { subscriberId, at }, tx, cancellationToken: ct));
        // Leaving signs out every manage link: a forwarded email's link no longer opens the address's settings.
        await RevokeLinksAsync(connection, tx, subscriberId, at, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<bool> IsComplaintAsync(DbConnection connection, DbTransaction tx, long subscriberId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM suppressions WHERE subscriber_id = @subscriberId AND reason = 'complaint'",
            new { subscriberId }, tx, cancellationToken: ct)) > 0;

    private const string InsertToken = """
        INSERT INTO subscription_tokens (hash, purpose, subscriber_id, alert_id, frequency, created_at, expires_at)
        VALUES (@Hash, @Purpose, @SubscriberId, @AlertId, @Frequency, @At, @ExpiresAt)
        """;

    private sealed record TokenRow(string Hash, string Purpose, long SubscriberId, long? AlertId, string? Frequency, long At, long? ExpiresAt);

    private static Task InsertTokenAsync(DbConnection connection, DbTransaction? tx, string hash, TokenPurpose purpose,
        long subscriberId, long? alertId, DigestFrequency? frequency, long at, long? expiresAt, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertToken,
            new TokenRow(hash, purpose.ToText(), subscriberId, alertId, frequency?.ToText(), at, expiresAt), tx, cancellationToken: ct));

    private sealed class AlertRow
    {
        public const string Select = "SELECT id AS Id, query AS Query, min_upvotes AS MinUpvotes, paused AS Paused, created_at AS CreatedAt, top_n AS TopN, similar_to AS SimilarTo FROM alerts";

        public long Id { get; init; }
        public string Query { get; init; } = "";
        public long? MinUpvotes { get; init; }
        public long Paused { get; init; }
        public long CreatedAt { get; init; }
        public long? TopN { get; init; }
        public string? SimilarTo { get; init; }

        public AlertView ToView() => new(Id, Query, MinUpvotes is { } m ? (int)m : null, Paused != 0, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), (int?)TopN,
            Core.Semantic.SimilarAlert.FromJson(SimilarTo));
    }
}
