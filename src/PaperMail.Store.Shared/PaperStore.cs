using System.Data.Common;
using Dapper;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;

namespace PaperMail.Store.Shared;

public sealed class PaperStore(IStoreDatabase database) : IPaperStore
{
    /// <summary>Papers per write transaction: big enough to amortise the commit, small enough to keep locks short.</summary>
    internal const int BatchSize = 500;

    /// <summary>Each change takes the next store-wide change_seq (PostgreSQL advisory lock key, apart from DigestStore's).</summary>
    private const long ChangeSeqLock = 0x5041_5045_524D_0102;

    public async Task<UpsertSummary> UpsertAsync(string sourceName, IReadOnlyList<IncomingPaper> papers, DateTimeOffset now, CancellationToken ct = default)
    {
        var summary = UpsertSummary.Zero;
        await using var connection = await database.OpenAsync(ct);
        foreach (var chunk in papers.Chunk(BatchSize))
        {
            summary = summary.Add(await UpsertChunkAsync(connection, database.Dialect, sourceName, chunk, now, ct));
        }
        return summary;
    }

    private static async Task<UpsertSummary> UpsertChunkAsync(DbConnection connection, SqlDialect dialect, string sourceName, IncomingPaper[] chunk, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Concurrent upserts would read the same MAX(change_seq) and race each other's read-merge-write.
        await dialect.LockAsync(tx, ChangeSeqLock, ct);
        var ids = chunk.Select(p => p.Id).Distinct(StringComparer.Ordinal).ToArray();
        var stored = (await connection.QueryAsync<PaperRow>(new CommandDefinition(
                $"SELECT {PaperRow.Columns} FROM papers WHERE {dialect.InList("id", "@ids")}", new { ids }, tx, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.ToPaper(), StringComparer.Ordinal);
        var original = new Dictionary<string, Paper>(stored, StringComparer.Ordinal);
        var seq = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(change_seq), 0) FROM papers", transaction: tx, cancellationToken: ct));

        int added = 0, changed = 0, refreshed = 0, unchanged = 0, ignored = 0;
        var dirty = new Dictionary<string, Paper>(StringComparer.Ordinal);
        foreach (var item in chunk)
        {
            stored.TryGetValue(item.Id, out var current);
            var (merged, outcome) = PaperMerge.Merge(current, item, sourceName, now);
            switch (outcome)
            {
                case MergeOutcome.New: added++; break;
                case MergeOutcome.Changed: changed++; break;
                case MergeOutcome.Refreshed: refreshed++; break;
                case MergeOutcome.Unchanged: unchanged++; break;
                case MergeOutcome.Ignored: ignored++; continue;
            }
            if (outcome is MergeOutcome.New or MergeOutcome.Changed) merged = merged! with { ChangeSeq = ++seq };
            if (outcome != MergeOutcome.Unchanged)
            {
                stored[item.Id] = merged!;
                dirty[item.Id] = merged!;
            }
        }

        if (dirty.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(PaperRow.UpsertSql, dirty.Values.Select(PaperRow.From), tx, cancellationToken: ct));
            var votes = dirty.Values
                .Where(p => p.Upvotes is not null && (!original.TryGetValue(p.Id, out var before) || before.Upvotes != p.Upvotes))
                .Select(p => new { paperId = p.Id, observedAt = now.ToUnixTimeMilliseconds(), upvotes = p.Upvotes })
                .ToList();
            if (votes.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO paper_upvotes (paper_id, observed_at, upvotes) VALUES (@paperId, @observedAt, @upvotes)", votes, tx, cancellationToken: ct));
            }
        }
        await tx.CommitAsync(ct);
        return new UpsertSummary(added, changed, refreshed, unchanged, ignored);
    }

    public async Task<Paper?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<PaperRow>(new CommandDefinition(
            $"SELECT {PaperRow.Columns} FROM papers WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToPaper();
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM papers", cancellationToken: ct));
    }

    public async Task<long> CountFirstSeenSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM papers WHERE first_seen_at >= @since", new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public Task<IReadOnlyList<Paper>> GetChangedAfterAsync(long afterSeq, int limit, CancellationToken ct = default) =>
        QueryPapersAsync("WHERE change_seq > @afterSeq ORDER BY change_seq LIMIT @limit", new { afterSeq, limit }, ct);

    public Task<IReadOnlyList<Paper>> GetFirstSeenSinceAsync(DateTimeOffset since, int limit, CancellationToken ct = default) =>
        QueryPapersAsync("WHERE first_seen_at >= @since ORDER BY first_seen_at DESC, id LIMIT @limit",
            new { since = since.ToUnixTimeMilliseconds(), limit }, ct);

    public Task<IReadOnlyList<Paper>> GetRecentAsync(int limit, CancellationToken ct = default) =>
        QueryPapersAsync("ORDER BY COALESCE(published_at, first_seen_at) DESC, id LIMIT @limit", new { limit }, ct);

    public async Task<IReadOnlyList<(DateTimeOffset ObservedAt, int Upvotes)>> GetUpvoteHistoryAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long ObservedAt, long Upvotes)>(new CommandDefinition(
            $"SELECT observed_at, upvotes FROM paper_upvotes WHERE paper_id = @id ORDER BY observed_at, {database.Dialect.InsertionOrder}", new { id }, cancellationToken: ct));
        return [.. rows.Select(r => (DateTimeOffset.FromUnixTimeMilliseconds(r.ObservedAt), (int)r.Upvotes))];
    }

    private async Task<IReadOnlyList<Paper>> QueryPapersAsync(string tail, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<PaperRow>(new CommandDefinition(
            $"SELECT {PaperRow.Columns} FROM papers {tail}", parameters, cancellationToken: ct));
        return [.. rows.Select(r => r.ToPaper())];
    }
}
