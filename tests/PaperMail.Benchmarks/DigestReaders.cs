using Dapper;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Benchmarks;

/// <summary>
/// The digest benchmarks' readers: each has two broad alerts ("model", "language") over the demo papers. Readers a
/// warm-up round has served can be retired, so that however many warm-up rounds a process needs before the JIT is done,
/// the timed round plans among the same number of already-served readers.
/// </summary>
internal static class DigestReaders
{
    public static async Task<long[]> AddAsync(SqliteDatabase db, int first, int count)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = await SubscriptionRows.AddSubscriberAsync(db, $"reader{first + i}@example.org");
            await SubscriptionRows.AddAlertAsync(db, ids[i], "model");
            await SubscriptionRows.AddAlertAsync(db, ids[i], "language");
        }
        return ids;
    }

    /// <summary>Unsubscribes them: planning passes over them without reading their matches.</summary>
    public static async Task RetireAsync(SqliteDatabase db, IReadOnlyCollection<long> ids)
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync("UPDATE subscribers SET state = 'unsubscribed' WHERE id IN @ids", new { ids });
    }
}
