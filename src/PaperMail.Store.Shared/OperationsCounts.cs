using Dapper;
using PaperMail.Core.Operations;

namespace PaperMail.Store.Shared;

public sealed class OperationsCounts(IStoreDatabase database) : IOperationsCounts
{
    // The states the schema's CHECK constraints allow: a state with no rows is still reported, as 0.
    private static readonly string[] DigestStates = ["pending", "sending", "sent", "failed", "suppressed"];
    private static readonly string[] SubscriberStates = ["pending", "active", "unsubscribed", "suppressed"];

    public IReadOnlyDictionary<string, long> DigestsByState() =>
        CountByState("SELECT state, COUNT(*) FROM digests GROUP BY state", DigestStates);

    public IReadOnlyDictionary<string, long> SubscribersByState() =>
        CountByState("SELECT state, COUNT(*) FROM subscribers GROUP BY state", SubscriberStates);

    private Dictionary<string, long> CountByState(string sql, string[] states)
    {
        using var connection = database.Open();
        var counts = states.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        foreach (var (state, count) in connection.Query<(string, long)>(sql)) counts[state] = count;
        return counts;
    }
}
