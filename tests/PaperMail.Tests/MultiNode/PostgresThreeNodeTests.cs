using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using PaperMail.Core.Digests;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MultiNode;

/// <summary>Three PaperMail processes on one PostgreSQL database, sending one outbox; one of them is killed mid-run.</summary>
[Collection(nameof(PostgresCollection))]
public sealed partial class PostgresThreeNodeTests(PostgresCluster cluster)
{
    private const int Subscribers = 1000;
    private const int ConnectionsPerNode = 3;

    [Fact]
    public async Task ThreeNodesSendEachDigestOnceApartFromAKilledNodesInFlightMessagesAndTakeOverItsClaims()
    {
        // 25 ms a message over 9 connections: the run lasts several seconds, long enough to kill a node in the middle.
        await using var sink = new SlowSmtpSink(TimeSpan.FromMilliseconds(25));
        await using var world = await PostgresWorld.CreateAsync(cluster);
        await DigestSeed.SeedAsync(world, Subscribers);
        var settings = NodeProcess.BaseSettings(sink.Port);
        settings["PaperMail:Database:Provider"] = "PostgreSql";
        settings["ConnectionStrings:PaperMail"] = world.ConnectionString;
        settings["PaperMail:Smtp:MaxConnections"] = ConnectionsPerNode.ToString(CultureInfo.InvariantCulture);
        // Short, so the test is. A live node renews each claim just before the message goes to the server and sends only
        // what it still holds, so only a message's way from that renewal to the sink's answer has to fit in it.
        settings["PaperMail:Digest:ClaimTimeoutSeconds"] = "30";

        var nodes = await Task.WhenAll(NodeProcess.StartAsync("node-a", settings), NodeProcess.StartAsync("node-b", settings), NodeProcess.StartAsync("node-c", settings));
        try
        {
            var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
            var hangfire = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(world.ConnectionString, hangfire), hangfire);
            await NodeWaits.UntilAsync(() => Task.FromResult(storage.GetMonitoringApi().Servers().Count == 3), "the dashboard's storage to list three servers");
            // Every node registered the same four recurring jobs: one schedule each, not one per node.
            using (var connection = storage.GetConnection()) Assert.Equal(4, Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Count);

            await AFormFromOneNodePostsToAnotherAsync(a, c);

            var first = await Task.WhenAll(nodes.Select(n => n.TriggerAsync("digest")));
            await NodeWaits.UntilAsync(() => Task.FromResult(sink.Total >= Subscribers / 4), "a quarter of the digests to arrive");
            // Killed while it holds claims (runs plan a slice at a time, so a node can be between slices, holding none).
            await NodeWaits.UntilAsync(async () => await CountAsync(world, "SELECT COUNT(*) FROM digests WHERE claimed_by LIKE 'node-b#%' AND state = 'sending'") >= 10,
                "node-b to hold claims");
            var killedAt = Stopwatch.GetTimestamp();
            b.Kill();

            // The survivors finish what is free, then take the killed node's claims over once they are stale.
            await NodeWaits.JobFinishedAsync(a, NodeWaits.JobId(first[0]));
            await NodeWaits.UntilAsync(async () =>
            {
                if (await CountAsync(world, "SELECT COUNT(*) FROM digests WHERE state <> 'sent'") == 0) return true;
                await NodeWaits.JobFinishedAsync(a, NodeWaits.JobId(await a.TriggerAsync("digest")));
                return false;
            }, "every digest to be sent", seconds: 120);

            // (The form's subscriber got a confirmation email through the same sink: only the readers' digests count.)
            var digests = sink.Accepted.Where(p => p.Key.StartsWith("reader", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal(Subscribers, digests.Count);
            Assert.All(Enumerable.Range(0, Subscribers), i => Assert.True(digests.GetValueOrDefault(DigestSeed.Address(i)) >= 1, DigestSeed.Address(i)));
            var twice = digests.Values.Sum(n => n - 1);
            // What a killed node leaves to go out again is what it had handed to its SMTP pool (the README's guarantee):
            // copies on its wire, and copies the sink had answered whose outcome it had not recorded yet (outcomes are
            // written in groups). So no more than the pool holds, and each address mailed twice got its first copy around
            // the kill and its second once the killed node's claim had gone stale: never two from live nodes.
            var copies = digests.Where(d => d.Value > 1).Select(d => CopiesAfterKill(sink, d.Key, killedAt)).ToList();
            Assert.True(twice <= DigestPipeline.MaxAhead && copies.All(c => Math.Abs(c[0]) < 5_000 && c[^1] > 20_000),
                $"{twice} digests went out twice:\n{await DescribeTwiceSentAsync(world, sink, digests, killedAt)}");
            // Digests the killed node had claimed were claimed again, and sent, by the others.
            Assert.True(await CountAsync(world, "SELECT COUNT(*) FROM digests WHERE attempts > 1 AND claimed_by NOT LIKE 'node-b#%'") > 0);
            Assert.Equal(0, await CountAsync(world, "SELECT COUNT(*) FROM digests WHERE claimed_by LIKE 'node-b#%' AND state <> 'sent'"));
            Assert.Equal(Subscribers, await CountAsync(world, "SELECT COUNT(*) FROM mailed_papers"));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    private static async Task AFormFromOneNodePostsToAnotherAsync(NodeProcess from, NodeProcess to)
    {
        using var page = await from.Client.GetAsync("/");
        var cookie = page.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = to.Client.BaseAddress };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent([new("Email", "form@example.org"), new("Query", "multilingual"), new("Frequency", "weekly"), new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    /// <summary>When the sink accepted each copy mailed to <paramref name="to"/>, in milliseconds after the kill, in order.</summary>
    private static double[] CopiesAfterKill(SlowSmtpSink sink, string to, long killedAt) =>
        [.. sink.AcceptedAt.Where(a => a.To == to).Select(a => Stopwatch.GetElapsedTime(killedAt, a.At).TotalMilliseconds).Order()];

    /// <summary>
    /// For each address mailed twice: when the sink accepted each copy, relative to the kill, and the digest as recorded.
    /// A first copy accepted just after the kill was on the killed node's wire; one just before it had been answered but
    /// not yet recorded; a pair long after it points at a live node's claim.
    /// </summary>
    private static async Task<string> DescribeTwiceSentAsync(StoreWorld world, SlowSmtpSink sink, IReadOnlyDictionary<string, int> digests, long killedAt)
    {
        var lines = new List<string>();
        await using var connection = await world.OpenAsync();
        foreach (var to in digests.Where(d => d.Value > 1).Select(d => d.Key))
        {
            var accepted = CopiesAfterKill(sink, to, killedAt).Select(ms => ms.ToString("F0", CultureInfo.InvariantCulture));
            var digest = await connection.QuerySingleAsync<(long Id, long Attempts, string? ClaimedBy)>(
                "SELECT d.id, d.attempts, d.claimed_by FROM digests d JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email = @to", new { to });
            lines.Add($"{to}: accepted {string.Join(" and ", accepted)} ms after the kill; digest {digest.Id}, {digest.Attempts} attempts, last claimed by {digest.ClaimedBy}");
        }
        return string.Join('\n', lines);
    }

    private static async Task<long> CountAsync(StoreWorld world, string sql)
    {
        await using var connection = await world.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
