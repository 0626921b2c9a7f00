using Dapper;
using PaperMail.Core.Papers;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Matching.Job;
using PaperMail.Tests.StoreContract;

namespace PaperMail.Tests.MultiNode;

/// <summary>Confirmed subscribers <c>reader{i}@example.org</c>, each with one alert and one fresh match: a digest each is due.</summary>
public static class DigestSeed
{
    public static async Task SeedAsync(StoreWorld world, int subscribers)
    {
        var now = DateTimeOffset.UtcNow;
        await world.Papers.UpsertAsync("test", [new IncomingPaper { Id = "2601.00001", Title = "LLMs with long context", Abstract = "About LLMs.", Upvotes = 5 }], now);
        var matches = new List<NewMatch>(subscribers);
        await using (var connection = await world.OpenAsync())
        {
            for (var i = 0; i < subscribers; i++)
            {
                var email = Address(i);
                var subscriber = await connection.ExecuteScalarAsync<long>("""
                    INSERT INTO subscribers (email, email_key, frequency, state, created_at, state_changed_at, confirmed_at)
                    VALUES (@email, @email, 'daily', 'active', 0, 0, 0) RETURNING id
                    """, new { email });
                var alert = await connection.ExecuteScalarAsync<long>("""
                    INSERT INTO alerts (subscriber_id, query, paused, state, created_at, updated_at, version, backfilled_version)
                    VALUES (@subscriber, 'LLM', 0, 'active', 0, 0, 2, 2) RETURNING id
                    """, new { subscriber });
                matches.Add(new NewMatch(alert, subscriber, "2601.00001", 1, 1, [new TermHit("llm", MatchFields.Title)]));
            }
        }
        foreach (var chunk in matches.Chunk(500)) await world.Matches.SaveAsync(chunk, now, null, []);
    }

    public static string Address(int i) => $"reader{i}@example.org";
}
