using System.Data.Common;
using Dapper;
using PaperMail.Core.Bounces;
using PaperMail.Core.Subscriptions;

namespace PaperMail.Store.Shared;

/// <summary>Bounce reports, the suppressions they cause, and sent envelopes. Times are Unix milliseconds.</summary>
public sealed class BounceStore(IStoreDatabase database) : IBounceStore
{
    public async Task<BounceRecorded> RecordAsync(BounceEvent bounce, SoftBouncePolicy policy, CancellationToken ct = default)
    {
        var at = bounce.At.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO bounce_events (subscriber_id, verdict, status, detail, source, event_key, occurred_at)
            SELECT @SubscriberId, @verdict, @Status, @Detail, @Source, @EventKey, @at
            WHERE EXISTS (SELECT 1 FROM subscribers WHERE id = @SubscriberId)
            ON CONFLICT (event_key) DO NOTHING
            """, new { bounce.SubscriberId, verdict = bounce.Verdict.ToText(), bounce.Status, bounce.Detail, bounce.Source, bounce.EventKey, at },
            tx, cancellationToken: ct));
        if (inserted == 0) return BounceRecorded.Duplicate;

        var reason = bounce.Verdict switch
        {
            BounceVerdict.Hard => "hard",
            BounceVerdict.Complaint => "complaint",
            BounceVerdict.Soft when await CountSoftAsync(connection, tx, bounce.SubscriberId, at - (long)policy.Window.TotalMilliseconds, ct) >= policy.Limit => "soft",
            _ => null,
        };
        var outcome = BounceRecorded.Counted;
        if (reason is not null)
        {
            outcome = await SuppressAsync(connection, tx, bounce, reason, at, ct);
        }
        await tx.CommitAsync(ct);
        return outcome;
    }

    private static Task<long> CountSoftAsync(DbConnection connection, DbTransaction tx, long subscriberId, long since, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM bounce_events WHERE subscriber_id = @subscriberId AND verdict = 'soft' AND occurred_at > @since
            """, new { subscriberId, since }, tx, cancellationToken: ct));

    private static async Task<BounceRecorded> SuppressAsync(DbConnection connection, DbTransaction tx, BounceEvent bounce, string reason, long at, CancellationToken ct)
    {
        var current = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT reason FROM suppressions WHERE subscriber_id = @SubscriberId", new { bounce.SubscriberId }, tx, cancellationToken: ct));
        if (current is not null)
        {
            // A complaint outranks a bounce: it decides who may lift the suppression.
            if (reason == "complaint" && current != "complaint")
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE suppressions SET reason = 'complaint', status = @Status, detail = @Detail, source = @Source, created_at = @at
                    WHERE subscriber_id = @SubscriberId
                    """, new { bounce.SubscriberId, bounce.Status, bounce.Detail, bounce.Source, at }, tx, cancellationToken: ct));
            }
            return BounceRecorded.AlreadySuppressed;
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO suppressions (subscriber_id, reason, status, detail, source, created_at)
            VALUES (@SubscriberId, @reason, @Status, @Detail, @Source, @at);
            UPDATE subscribers SET state = 'suppressed', state_reason = @stateReason, state_changed_at = @at WHERE id = @SubscriberId;
            """, new { bounce.SubscriberId, reason, bounce.Status, bounce.Detail, bounce.Source, at,
                stateReason = $"{reason} bounce: {bounce.Status} {bounce.Detail}".Trim() }, tx, cancellationToken: ct));
        return BounceRecorded.Suppressed;
    }

    public async Task RecordEnvelopesAsync(IReadOnlyList<SentEnvelope> envelopes, DateTimeOffset now, CancellationToken ct = default)
    {
        if (envelopes.Count == 0) return;
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var at = now.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO envelopes (verp_id, subscriber_id, message_id, created_at) VALUES (@VerpId, @SubscriberId, @MessageId, @at)
            ON CONFLICT DO NOTHING
            """, envelopes.Select(e => new { e.VerpId, e.SubscriberId, e.MessageId, at }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<long?> FindSubscriberAsync(string? verpId, string? originalMessageId, string? failedRecipient, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (!string.IsNullOrEmpty(verpId)
            && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT subscriber_id FROM envelopes WHERE verp_id = @verpId", new { verpId }, cancellationToken: ct)) is { } byVerp)
        {
            return byVerp;
        }

        if (!string.IsNullOrEmpty(originalMessageId))
        {
            var messageId = originalMessageId.Trim().Trim('<', '>');
            var byMessage = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
                SELECT subscriber_id FROM envelopes WHERE message_id = @messageId
                UNION ALL
                SELECT subscriber_id FROM digests WHERE message_id = @messageId
                LIMIT 1
                """, new { messageId }, cancellationToken: ct));
            if (byMessage is not null) return byMessage;
        }

        if (!string.IsNullOrEmpty(failedRecipient) && EmailAddress.TryParse(failedRecipient, out _) is { } address)
        {
            return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM subscribers WHERE email_key = @key", new { key = address.Key }, cancellationToken: ct));
        }

        return null;
    }
}
