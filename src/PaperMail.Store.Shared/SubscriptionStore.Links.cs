using System.Data.Common;
using Dapper;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Store.Shared;

/// <summary>Link lifetimes, revocation, fresh manage links and the counts behind the abuse limits.</summary>
public sealed partial class SubscriptionStore
{
    private const string ManageLinkKind = "manage-link";

    public async Task<ConfirmationPreview?> PeekConfirmationAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string Email, string Query, long? MinUpvotes, long? TopN, string? Frequency, string SubscriberFrequency, long? UsedAt)?>(
            new CommandDefinition($"""
                SELECT s.email, a.query, a.min_upvotes, a.top_n, t.frequency, s.frequency, t.used_at
                FROM subscription_tokens t
                JOIN subscribers s ON s.id = t.subscriber_id
                JOIN alerts a ON a.id = t.alert_id
                WHERE t.hash = @tokenHash AND t.purpose = 'confirm' AND t.expires_at > @at
                  AND {ConfirmableSubscriber} AND a.state IN ('pending', 'active')
                """, new { tokenHash, at = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        if (row is not { } r) return null;
        DigestFrequencyText.TryParse(r.Frequency ?? r.SubscriberFrequency, out var frequency);
        return new ConfirmationPreview(r.Email, r.Query, r.MinUpvotes is { } m ? (int)m : null, r.TopN is { } n ? (int)n : null, frequency, r.UsedAt is not null);
    }

    public async Task AddLinkTokensAsync(IReadOnlyList<NewLinkToken> tokens, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var at = now.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(new CommandDefinition(InsertToken,
            tokens.Select(t => new TokenRow(t.Hash, t.Purpose.ToText(), t.SubscriberId, null, null, at, t.ExpiresAt?.ToUnixTimeMilliseconds())),
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<long?> FindSubscriberByDigestTokenAsync(string tokenHash, TokenPurpose purpose, DateTimeOffset issuedAfter, CancellationToken ct = default)
    {
        if (purpose is not (TokenPurpose.Manage or TokenPurpose.Unsubscribe)) return null;
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT d.subscriber_id FROM digests d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.web_token_hash = @tokenHash AND COALESCE(d.sent_at, d.created_at) > @after
              AND (@manage = 0 OR s.links_revoked_at IS NULL OR COALESCE(d.sent_at, d.created_at) > s.links_revoked_at)
            """, new { tokenHash, after = issuedAfter.ToUnixTimeMilliseconds(), manage = purpose == TokenPurpose.Manage ? 1 : 0 }, cancellationToken: ct));
    }

    public async Task RevokeLinksAsync(long subscriberId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await RevokeLinksAsync(connection, tx, subscriberId, now.ToUnixTimeMilliseconds(), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Deletes the manage and feed tokens and marks the time, so a digest's manage link from before stops too.</summary>
    private static async Task RevokeLinksAsync(DbConnection connection, DbTransaction tx, long subscriberId, long at, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET links_revoked_at = @at WHERE id = @subscriberId", new { subscriberId, at }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscription_tokens WHERE subscriber_id = @subscriberId AND purpose IN ('manage', 'feeds')",
            new { subscriberId }, tx, cancellationToken: ct));
    }

    public async Task ReplaceFeedTokenAsync(long subscriberId, string tokenHash, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscription_tokens WHERE subscriber_id = @subscriberId AND purpose = 'feeds'", new { subscriberId }, tx, cancellationToken: ct));
        await InsertTokenAsync(connection, tx, tokenHash, TokenPurpose.Feed, subscriberId, null, null, now.ToUnixTimeMilliseconds(), null, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<(long SubscriberId, string Email)?> RequestManageLinkAsync(string emailKey, string tokenHash, DateTimeOffset now,
        DateTimeOffset expiresAt, int maxEmailsPerHour, CancellationToken ct = default)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var subscriber = await connection.QuerySingleOrDefaultAsync<(long Id, string Email)?>(new CommandDefinition(
            "SELECT id, email FROM subscribers WHERE email_key = @emailKey AND state IN ('pending', 'active')",
            new { emailKey }, tx, cancellationToken: ct));
        if (subscriber is not { } s) return null;
        var sentLastHour = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM email_log WHERE email_key = @emailKey AND kind = @kind AND sent_at > @since
            """, new { emailKey, kind = ManageLinkKind, since = at - (long)TimeSpan.FromHours(1).TotalMilliseconds }, tx, cancellationToken: ct));
        if (sentLastHour >= maxEmailsPerHour) return null;
        await InsertTokenAsync(connection, tx, tokenHash, TokenPurpose.Manage, s.Id, null, null, at, expiresAt.ToUnixTimeMilliseconds(), ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO email_log (email_key, kind, sent_at) VALUES (@emailKey, @kind, @at)",
            new { emailKey, kind = ManageLinkKind, at }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return s;
    }

    public async Task<long> CountEmailsSinceAsync(string kind, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM email_log WHERE kind = @kind AND sent_at > @since",
            new { kind, since = since.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task<(int Active, int Pending)> CountAlertsAsync(string emailKey, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var counts = await connection.QuerySingleAsync<(long? Active, long? Pending)>(new CommandDefinition("""
            SELECT COUNT(*) FILTER (WHERE a.state = 'active'), COUNT(*) FILTER (WHERE a.state = 'pending')
            FROM alerts a JOIN subscribers s ON s.id = a.subscriber_id
            WHERE s.email_key = @emailKey
            """, new { emailKey }, cancellationToken: ct));
        return ((int)(counts.Active ?? 0), (int)(counts.Pending ?? 0));
    }

    public async Task<int> CountActiveAlertsAsync(long subscriberId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM alerts WHERE subscriber_id = @subscriberId AND state = 'active'", new { subscriberId }, cancellationToken: ct));
    }
}
