using System.Text.Json;
using Dapper;
using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Scheduling;
using PaperMail.Core.Trending;

namespace PaperMail.Store.Shared;

public sealed class DigestStore(IStoreDatabase database) : IDigestStore
{
    /// <summary>
    /// Planning digests: a plan's new rows are told apart by id, so two plans must not interleave (PostgreSQL advisory
    /// lock key, apart from PaperStore's).
    /// </summary>
    private const long PlanLock = 0x5041_5045_524D_0101;

    // A match is eligible for a subscriber's next digest when it is recent, its (query) alert is live, and its paper
    // neither reached this address nor is on its way there in an unsent digest of an earlier plan (through any alert).
    // Digests this plan makes (id > @before) are left out of that check: their items are being written by the same
    // statement.
    private const string EligibleMatches = """
        FROM matches m
        JOIN alerts a ON a.id = m.alert_id AND a.state = 'active' AND a.paused = 0 AND a.top_n IS NULL
        WHERE m.matched_at >= @since
          AND NOT EXISTS (SELECT 1 FROM mailed_papers mp WHERE mp.subscriber_id = m.subscriber_id AND mp.paper_id = m.paper_id)
          AND NOT EXISTS (SELECT 1 FROM digests d JOIN digest_items di ON di.digest_id = d.id AND di.paper_id = m.paper_id
                          WHERE d.subscriber_id = m.subscriber_id AND d.state IN ('pending', 'sending') AND d.id <= @before)
        """;

    // A top alert's pick is eligible on the same terms as a match: the paper is new to the address, whatever alert of
    // whichever kind brought it before.
    private const string EligiblePicks = """
        FROM trending_picks t
        JOIN alerts a ON a.id = t.alert_id AND a.state = 'active' AND a.paused = 0 AND a.top_n IS NOT NULL
        WHERE NOT EXISTS (SELECT 1 FROM mailed_papers mp WHERE mp.subscriber_id = t.subscriber_id AND mp.paper_id = t.paper_id)
          AND NOT EXISTS (SELECT 1 FROM digests d JOIN digest_items di ON di.digest_id = d.id AND di.paper_id = t.paper_id
                          WHERE d.subscriber_id = t.subscriber_id AND d.state IN ('pending', 'sending') AND d.id <= @before)
        """;

    /// <summary>
    /// Subscribers planned per transaction (<see cref="PlanSliceAsync(DuePeriods, DateTimeOffset, IReadOnlyList{PlannedPick}, long, CancellationToken)"/>):
    /// a run's first digests are claimed once the first slice is planned, and its other writes never wait long behind one.
    /// </summary>
    public const int SliceSize = 250;

    private static readonly string[] PlanTables = ["subscribers", "alerts", "matches", "mailed_papers", "digests", "digest_items"];

    // A subscriber after @after (by id) whose digest for the due period is still to plan.
    private const string DueSubscriber = """
        s.state = 'active' AND s.id > @after
          -- Each time zone has its own periods: only its subscribers are planned with them ('' = no zone chosen).
          AND (@everyone = 1 OR COALESCE(s.time_zone, '') = @zone)
          AND ((s.frequency = 'daily' AND @dailyPeriod IS NOT NULL) OR (s.frequency = 'weekly' AND @weeklyPeriod IS NOT NULL))
          -- Runs every 15 minutes all day: whoever has this period's digest already is passed over by key.
          AND NOT EXISTS (SELECT 1 FROM digests done
                          WHERE done.subscriber_id = s.id AND done.period = CASE s.frequency WHEN 'daily' THEN @dailyPeriod ELSE @weeklyPeriod END)
        """;

    public async Task<PlannedSlice> PlanSliceAsync(DuePeriods due, DateTimeOffset now, IReadOnlyList<PlannedPick> trending, long after, CancellationToken ct = default)
    {
        var (dailyPeriod, weeklyPeriod) = (due.Daily, due.Weekly);
        if (dailyPeriod is null && weeklyPeriod is null) return new PlannedSlice(0, null);
        var since = (now - DigestSchedule.MatchesExpireAfter).ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        // A slice's plan joins these: with statistics from before the match job's last bulk write, PostgreSQL would drive
        // it from every alert instead of from the slice's subscribers.
        await database.Dialect.RefreshStatisticsAsync(connection, PlanTables, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await database.Dialect.LockAsync(tx, PlanLock, ct);
        await database.Dialect.WithoutJitAsync(tx, ct);
        // The slice: the next SliceSize subscribers still to plan (whether each has anything to send is the plan's to
        // find out), up to the last one's id; null, the rest. Fixed before planning, so that it takes only its own picks.
        var through = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT s.id FROM subscribers s WHERE {DueSubscriber} ORDER BY s.id LIMIT 1 OFFSET @offset",
            new { after, offset = SliceSize - 1, dailyPeriod, weeklyPeriod, everyone = due.Everyone ? 1 : 0, zone = due.TimeZone ?? "" },
            tx, cancellationToken: ct));
        var picks = trending.Where(t => t.SubscriberId > after && (through is null || t.SubscriberId <= through)).ToArray();
        // The picks go into a temporary table of this connection (found before any table of that name on either
        // database), so one statement can weigh them with the matches.
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TEMP TABLE IF NOT EXISTS trending_picks (alert_id BIGINT NOT NULL, subscriber_id BIGINT NOT NULL,
                                                            paper_id TEXT NOT NULL, rank BIGINT NOT NULL, upvotes BIGINT NOT NULL);
            DELETE FROM trending_picks;
            """, transaction: tx, cancellationToken: ct));
        if (picks.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO trending_picks (alert_id, subscriber_id, paper_id, rank, upvotes)
                SELECT CAST(r.value ->> 'a' AS BIGINT), CAST(r.value ->> 's' AS BIGINT), r.value ->> 'p',
                       CAST(r.value ->> 'r' AS BIGINT), CAST(r.value ->> 'u' AS BIGINT)
                FROM {database.Dialect.JsonRows("@rows")} AS r
                """, new { rows = JsonSerializer.Serialize(picks.Select(t => new { a = t.AlertId, s = t.SubscriberId, p = t.PaperId, r = t.Rank, u = t.Upvotes })) },
                tx, cancellationToken: ct));
        }
        var before = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(id), 0) FROM digests", transaction: tx, cancellationToken: ct));
        var created = await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO digests (subscriber_id, period, state, created_at)
            SELECT s.id, CASE s.frequency WHEN 'daily' THEN @dailyPeriod ELSE @weeklyPeriod END, 'pending', @now
            FROM subscribers s
            WHERE {DueSubscriber} AND (@through IS NULL OR s.id <= @through)
              AND (EXISTS (SELECT 1 {EligibleMatches} AND m.subscriber_id = s.id)
                   OR EXISTS (SELECT 1 {EligiblePicks} AND t.subscriber_id = s.id))
            ON CONFLICT (subscriber_id, period) DO NOTHING
            """, new { dailyPeriod, weeklyPeriod, now = now.ToUnixTimeMilliseconds(), since, before, everyone = due.Everyone ? 1 : 0, zone = due.TimeZone ?? "", after, through },
            tx, cancellationToken: ct));
        if (created > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO digest_items (digest_id, alert_id, paper_id)
                SELECT d.id, m.alert_id, m.paper_id
                FROM digests d
                JOIN (SELECT m.subscriber_id, m.alert_id, m.paper_id {EligibleMatches}) m ON m.subscriber_id = d.subscriber_id
                WHERE d.id > @before
                ON CONFLICT DO NOTHING;
                INSERT INTO digest_items (digest_id, alert_id, paper_id, rank, upvotes)
                SELECT d.id, t.alert_id, t.paper_id, t.rank, t.upvotes
                FROM digests d
                JOIN (SELECT t.subscriber_id, t.alert_id, t.paper_id, t.rank, t.upvotes {EligiblePicks}) t ON t.subscriber_id = d.subscriber_id
                WHERE d.id > @before
                ON CONFLICT DO NOTHING;
                """, new { before, since }, tx, cancellationToken: ct));
        }
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM trending_picks", transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new PlannedSlice(created, through);
    }

    public async Task<IReadOnlyList<DigestRecord>> ClaimAsync(DateTimeOffset now, DateTimeOffset staleBefore, int limit, string? claimedBy = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var at = now.ToUnixTimeMilliseconds();
        // Someone who left (or bounced) since the digest was planned gets nothing more.
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE digests SET state = 'suppressed', last_error = 'subscriber no longer active'
            WHERE state IN ('pending', 'sending')
              AND subscriber_id IN (SELECT id FROM subscribers WHERE state <> 'active')
            """, transaction: tx, cancellationToken: ct));
        // No digest is claimed by two nodes: see SqlDialect.SkipLocked.
        var ids = (await connection.QueryAsync<long>(new CommandDefinition($"""
            WITH due AS (
                SELECT id AS due_id FROM digests
                WHERE (state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= @at))
                   OR (state = 'sending' AND claimed_at < @stale)
                ORDER BY id LIMIT @limit
                {database.Dialect.SkipLocked})
            UPDATE digests SET state = 'sending', claimed_at = @at, claimed_by = @claimedBy, attempts = attempts + 1
            FROM due WHERE id = due.due_id
            RETURNING id
            """, new { at, stale = staleBefore.ToUnixTimeMilliseconds(), limit, claimedBy }, tx, cancellationToken: ct))).Order().ToArray();
        await tx.CommitAsync(ct);
        if (ids.Length == 0) return [];
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{SelectRecord} WHERE {database.Dialect.InList("d.id", "@ids")} ORDER BY d.id", new { ids }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<IReadOnlySet<long>> RenewClaimsAsync(IReadOnlyCollection<long> digestIds, string claimedBy, DateTimeOffset now, CancellationToken ct = default)
    {
        if (digestIds.Count == 0) return new HashSet<long>();
        await using var connection = await database.OpenAsync(ct);
        // Another node's claim (taken over once ours went stale) or an outcome already recorded: not ours to send.
        var renewed = await connection.QueryAsync<long>(new CommandDefinition($"""
            UPDATE digests SET claimed_at = @at
            WHERE {database.Dialect.InList("id", "@ids")} AND claimed_by = @claimedBy AND state = 'sending'
            RETURNING id
            """, new { ids = digestIds.ToArray(), claimedBy, at = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return renewed.ToHashSet();
    }

    public async Task<int> ReleaseDeadClaimsAsync(string nodeName, string liveClaimer, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // The attempt the crash interrupted is not counted: whether it reached the server is unknown.
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE digests SET state = 'pending', attempts = {UncountAttempt}, claimed_at = NULL, claimed_by = NULL,
                               last_error = 'released: the process that claimed it had stopped'
            WHERE state = 'sending' AND substr(claimed_by, 1, length(@prefix)) = @prefix AND claimed_by <> @liveClaimer
            """, new { prefix = nodeName + "#", liveClaimer }, cancellationToken: ct));
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<DigestItem>>> GetItemsAsync(IReadOnlyCollection<long> digestIds, CancellationToken ct = default)
    {
        var items = new Dictionary<long, IReadOnlyList<DigestItem>>();
        if (digestIds.Count == 0) return items;
        var ids = digestIds.ToArray();
        var inBatch = database.Dialect.InList("digest_id", "@ids");
        await using var connection = await database.OpenAsync(ct);
        // One snapshot for every read, so every item finds its paper and alert.
        await using var tx = await database.Dialect.BeginSnapshotAsync(connection, ct);
        // Papers, alerts and periods once per batch: the batch's subscribers share the same few dozen papers, and a
        // digest's rows share its alerts.
        var papers = (await connection.QueryAsync<PaperRow>(new CommandDefinition($"""
            SELECT {PaperRow.Columns} FROM papers
            WHERE id IN (SELECT paper_id FROM digest_items WHERE {inBatch})
            """, new { ids }, tx, cancellationToken: ct))).ToDictionary(p => p.Id, p => p.ToPaper(), StringComparer.Ordinal);
        var alerts = (await connection.QueryAsync<AlertRow>(new CommandDefinition($"""
            SELECT id AS Id, query AS Query, top_n AS TopN, similar_to AS SimilarTo FROM alerts
            WHERE id IN (SELECT alert_id FROM digest_items WHERE {inBatch})
            """, new { ids }, tx, cancellationToken: ct))).ToDictionary(a => a.Id);
        var weekly = (await connection.QueryAsync<(long Id, string Period)>(new CommandDefinition(
            $"SELECT id, period FROM digests WHERE {database.Dialect.InList("id", "@ids")}", new { ids }, tx, cancellationToken: ct)))
            .ToDictionary(d => d.Id, d => d.Period.Contains('W', StringComparison.Ordinal));

        // The items themselves are most of what a digest reads: read column by column, each alert and paper looked up.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition($"""
            SELECT di.digest_id, di.alert_id, di.paper_id, m.relevance, m.score, m.hits, di.rank, di.upvotes
            FROM digest_items di
            -- A top alert's pick has no match row; a query alert's item without one (edited away since) is dropped.
            LEFT JOIN matches m ON m.alert_id = di.alert_id AND m.paper_id = di.paper_id
            WHERE {database.Dialect.InList("di.digest_id", "@ids")} AND (m.alert_id IS NOT NULL OR di.rank IS NOT NULL)
            ORDER BY di.digest_id, di.alert_id, di.paper_id
            """, new { ids }, tx, cancellationToken: ct));
        // Subscribers with the same query have the same hits on a paper: each distinct list is parsed once.
        var hits = new Dictionary<string, IReadOnlyList<TermHit>>(StringComparer.Ordinal);
        List<DigestItem>? digest = null;
        var digestId = long.MinValue;
        while (await reader.ReadAsync(ct))
        {
            if (!alerts.TryGetValue(reader.GetInt64(1), out var alert) || !papers.TryGetValue(reader.GetString(2), out var paper)) continue;
            var id = reader.GetInt64(0);
            if (id != digestId) items[digestId = id] = digest = [];
            IReadOnlyList<TermHit> hitList = [];
            if (!reader.IsDBNull(5))
            {
                var json = reader.GetString(5);
                if (!hits.TryGetValue(json, out hitList!)) hits[json] = hitList = HitsJson.Read(json);
            }
            var trend = reader.IsDBNull(6) ? null
                : new TrendingReason((int)reader.GetInt64(6), reader.IsDBNull(7) ? 0 : (int)reader.GetInt64(7), weekly.GetValueOrDefault(id));
            digest!.Add(new DigestItem(alert.Id, alert.Query, paper, reader.IsDBNull(3) ? 0 : reader.GetDouble(3),
                reader.IsDBNull(4) ? 0 : reader.GetDouble(4), hitList, (int?)alert.TopN, trend, alert.SimilarLabel));
        }
        return items;
    }

    private sealed class AlertRow
    {
        public long Id { get; set; }
        public string Query { get; set; } = "";
        public long? TopN { get; set; }
        public string? SimilarTo { get; set; }

        /// <summary>What the reader calls a similar-papers alert; null for the others.</summary>
        public string? SimilarLabel => _similarLabel.Value;

        private readonly Lazy<string?> _similarLabel;

        public AlertRow() => _similarLabel = new(() => Core.Semantic.SimilarAlert.FromJson(SimilarTo) is { } similar
            ? Core.Subscriptions.AlertKinds.DescribeSimilar(similar, Query) : null, LazyThreadSafetyMode.None);
    }

    /// <summary>
    /// An update made under a claim changes the digest only while that claim holds: the claimer still owns it and it is
    /// "sending" (or "failed", which a stopped run may give back). Null claimer: no check.
    /// </summary>
    internal const string UnderClaim = "(@claimedBy IS NULL OR (claimed_by = @claimedBy AND state IN ('sending', 'failed')))";

    /// <summary>Gives back an attempt whose outcome is unknown (never below zero).</summary>
    private const string UncountAttempt = "CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END";

    public async Task MarkSentAsync(IReadOnlyList<(long DigestId, string MessageId)> digests, DateTimeOffset now, CancellationToken ct = default, string? claimedBy = null)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var sent = $"""
            (SELECT CAST(r.value ->> 'd' AS BIGINT) AS digest_id, r.value ->> 'm' AS message_id
             FROM {database.Dialect.JsonRows("@sent")} AS r)
            """;
        // The papers count as mailed only for the digests this marks sent: a digest marked sent under another claim
        // carries that send's message id, not this one's.
        await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE digests SET state = 'sent', sent_at = @at, message_id = s.message_id, last_error = NULL, claimed_at = NULL
            FROM {sent} AS s
            WHERE id = s.digest_id AND {UnderClaim};
            INSERT INTO mailed_papers (subscriber_id, paper_id, digest_id)
            SELECT DISTINCT d.subscriber_id, di.paper_id, d.id
            FROM {sent} AS s
            JOIN digests d ON d.id = s.digest_id AND d.state = 'sent' AND d.message_id = s.message_id
            JOIN digest_items di ON di.digest_id = d.id
            WHERE true
            ON CONFLICT DO NOTHING;
            """, new { at = now.ToUnixTimeMilliseconds(), claimedBy, sent = JsonSerializer.Serialize(digests.Select(d => new { d = d.DigestId, m = d.MessageId })) },
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task MarkRetryOrFailedAsync(long digestId, string error, DateTimeOffset retryAt, int maxAttempts, CancellationToken ct = default, string? claimedBy = null)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE digests
            SET state = CASE WHEN attempts >= @maxAttempts THEN 'failed' ELSE 'pending' END,
                next_attempt_at = @retryAt, last_error = @error, claimed_at = NULL
            WHERE id = @digestId AND {UnderClaim}
            """, new { digestId, error, retryAt = retryAt.ToUnixTimeMilliseconds(), maxAttempts, claimedBy }, cancellationToken: ct));
    }

    public async Task MarkSuppressedAsync(long digestId, string reason, DateTimeOffset now, CancellationToken ct = default, string? claimedBy = null)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The address is suppressed only if the digest still was this claim's to record.
        var subscriberId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition($"""
            UPDATE digests SET state = 'suppressed', last_error = @reason, claimed_at = NULL WHERE id = @digestId AND {UnderClaim}
            RETURNING subscriber_id
            """, new { digestId, reason, claimedBy }, tx, cancellationToken: ct));
        if (subscriberId is { } id)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE subscribers SET state = 'suppressed', state_reason = @reason, state_changed_at = @at WHERE id = @id",
                new { id, reason, at = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    public async Task ReleaseAsync(long digestId, string error, CancellationToken ct = default, string? claimedBy = null)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE digests SET state = 'pending', attempts = {UncountAttempt}, last_error = @error, claimed_at = NULL WHERE id = @digestId AND {UnderClaim}",
            new { digestId, error, claimedBy }, cancellationToken: ct));
    }

    public async Task<DigestRecord?> GetAsync(long digestId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{SelectRecord} WHERE d.id = @digestId", new { digestId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task SetWebTokensAsync(IReadOnlyList<(long DigestId, string TokenHash)> tokens, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE digests SET web_token_hash = @TokenHash WHERE id = @DigestId",
            tokens.Select(t => new { t.DigestId, t.TokenHash }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<DigestRecord?> FindByWebTokenAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{SelectRecord} WHERE d.web_token_hash = @tokenHash", new { tokenHash }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<(DateTimeOffset MatchedAt, DigestItem Item)>> GetRecentMatchesAsync(long subscriberId, DateTimeOffset since, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ItemRow, PaperRow, (ItemRow Item, PaperRow Paper)>(new CommandDefinition($"""
            SELECT m.alert_id AS AlertId, a.query AS AlertQuery, m.relevance AS Relevance, m.score AS Score, m.hits AS Hits,
                   m.matched_at AS MatchedAt, a.similar_to AS SimilarTo, p.id AS split, {PaperColumns}
            FROM matches m
            JOIN alerts a ON a.id = m.alert_id AND a.state = 'active'
            JOIN papers p ON p.id = m.paper_id
            WHERE m.subscriber_id = @subscriberId AND m.matched_at >= @since
            ORDER BY m.matched_at DESC, m.paper_id
            LIMIT @limit
            """, new { subscriberId, since = since.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct), (item, paper) => (item, paper), splitOn: "split");
        return [.. rows.Select(r => (DateTimeOffset.FromUnixTimeMilliseconds(r.Item.MatchedAt), r.Item.ToItem(r.Paper.ToPaper(), HitsJson.Read(r.Item.Hits))))];
    }

    private static readonly string PaperColumns = PaperRow.Columns.Replace("id, ", "p.id, ", StringComparison.Ordinal);

    private const string SelectRecord = """
        SELECT d.id AS Id, d.subscriber_id AS SubscriberId, s.email AS Email, s.frequency AS Frequency, d.period AS Period,
               d.state AS State, d.attempts AS Attempts, d.created_at AS CreatedAt, d.sent_at AS SentAt, d.last_error AS LastError
        FROM digests d JOIN subscribers s ON s.id = d.subscriber_id
        """;

    private sealed class Row
    {
        public long Id { get; set; }
        public long SubscriberId { get; set; }
        public string Email { get; set; } = "";
        public string Frequency { get; set; } = "";
        public string Period { get; set; } = "";
        public string State { get; set; } = "";
        public long Attempts { get; set; }
        public long CreatedAt { get; set; }
        public long? SentAt { get; set; }
        public string? LastError { get; set; }

        public DigestRecord ToRecord() => new(Id, SubscriberId, Email, Frequency, Period,
            Enum.Parse<DigestState>(State, ignoreCase: true), (int)Attempts, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            SentAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null, LastError);
    }

    private sealed class ItemRow
    {
        public long DigestId { get; set; }
        public string PaperId { get; set; } = "";
        public long AlertId { get; set; }
        public string AlertQuery { get; set; } = "";
        public double Relevance { get; set; }
        public double Score { get; set; }
        public string Hits { get; set; } = "[]";
        public long MatchedAt { get; set; }
        public long? AlertTopN { get; set; }
        public long? Rank { get; set; }
        public long? PickedUpvotes { get; set; }
        public string? Period { get; set; }
        public string? SimilarTo { get; set; }

        public DigestItem ToItem(Paper paper, IReadOnlyList<TermHit> hits) => new(AlertId, AlertQuery, paper, Relevance, Score, hits,
            (int?)AlertTopN, Rank is { } rank ? new TrendingReason((int)rank, (int)(PickedUpvotes ?? 0), Period?.Contains('W', StringComparison.Ordinal) == true) : null,
            Core.Semantic.SimilarAlert.FromJson(SimilarTo) is { } similar ? Core.Subscriptions.AlertKinds.DescribeSimilar(similar, AlertQuery) : null);
    }
}
