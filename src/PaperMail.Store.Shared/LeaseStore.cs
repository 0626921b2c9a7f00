using Dapper;
using PaperMail.Core.Operations;

namespace PaperMail.Store.Shared;

public sealed class LeaseStore(IStoreDatabase database) : ILeaseStore
{
    // The holder renews; anyone else takes the lease only once it has expired. One statement, so two processes racing
    // for an expired lease cannot both win.
    internal const string Acquire = """
        INSERT INTO leases (name, holder, expires_at, acquired_at) VALUES (@name, @holder, @expires, @now)
        ON CONFLICT (name) DO UPDATE SET
            acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
            holder = excluded.holder, expires_at = excluded.expires_at
        WHERE leases.holder = excluded.holder OR leases.expires_at < excluded.acquired_at
        """;

    public async Task<LeaseHolder> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var at = now.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(new CommandDefinition(Acquire,
            new { name, holder, now = at, expires = (now + ttl).ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        var row = await connection.QuerySingleAsync<(string Holder, long ExpiresAt)>(new CommandDefinition(
            "SELECT holder, expires_at FROM leases WHERE name = @name", new { name }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new LeaseHolder(row.Holder, DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt));
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM leases WHERE name = @name AND holder = @holder", new { name, holder }, cancellationToken: ct));
    }
}
