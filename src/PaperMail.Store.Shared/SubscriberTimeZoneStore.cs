using Dapper;
using PaperMail.Core.Scheduling;

namespace PaperMail.Store.Shared;

public sealed class SubscriberTimeZoneStore(IStoreDatabase database) : ISubscriberTimeZoneStore
{
    public async Task<IReadOnlyList<string?>> GetZonesOfActiveSubscribersAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return [.. await connection.QueryAsync<string?>(new CommandDefinition(
            "SELECT DISTINCT time_zone FROM subscribers WHERE state = 'active'", cancellationToken: ct))];
    }

    public async Task<string?> GetAsync(long subscriberId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT time_zone FROM subscribers WHERE id = @subscriberId", new { subscriberId }, cancellationToken: ct));
    }

    public async Task SetAsync(long subscriberId, string? timeZone, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET time_zone = @timeZone WHERE id = @subscriberId", new { subscriberId, timeZone }, cancellationToken: ct));
    }
}
