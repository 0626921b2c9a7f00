using System.Reflection;
using System.Runtime.ExceptionServices;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Digests;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MultiNode;

/// <summary>
/// Nothing sent twice by two live nodes: node A claims a batch that then waits in its mailer past the claim timeout,
/// node B takes the digests over and sends them, and A, still alive, sends none of them (nor touches their links).
/// A's batch waits between its claim and its compose (its read of what the digests cover), as behind a slow server.
/// </summary>
public abstract class StaleClaimSendTests
{
    private const int Subscribers = 3;

    protected abstract Task<StoreWorld> CreateWorldAsync();

    [Fact]
    public async Task ANodeWhoseClaimWentStaleAndWasTakenOverSendsNoneOfItsBatch()
    {
        await using var world = await CreateWorldAsync();
        await DigestSeed.SeedAsync(world, Subscribers);
        await using var smtp = new TestSmtpServer();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // B's clock is past A's claims by more than the claim timeout (10 minutes by default).
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(11));
        await using var a = Node(world, smtp, "node-a").WithServices(s =>
        {
            var store = s.Last(d => d.ServiceType == typeof(IDigestStore)).ImplementationType!;
            s.Replace(ServiceDescriptor.Singleton(sp => HoldingStore.Wrap((IDigestStore)ActivatorUtilities.CreateInstance(sp, store), held, release)));
        });
        await using var b = Node(world, smtp, "node-b").WithServices(s => s.AddSingleton<TimeProvider>(later));

        using var scopeA = a.Services.CreateScope();
        var runA = Task.Run(() => scopeA.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var scopeB = b.Services.CreateScope();
        var runB = await scopeB.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var tokensAfterB = await ReadAsync<string>(world, "SELECT web_token_hash FROM digests ORDER BY id");

        release.SetResult();
        var afterA = await runA.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((Subscribers, 0), (runB.Sent, afterA.Sent));
        Assert.Equal(Enumerable.Range(0, Subscribers).Select(DigestSeed.Address).Order(),
            smtp.Received.SelectMany(m => m.To.Mailboxes).Select(m => m.Address).Order());
        Assert.Equal(["node-b"], (await ReadAsync<string>(world, "SELECT DISTINCT claimed_by FROM digests")).Select(c => c.Split('#')[0]));
        Assert.Equal(["sent"], await ReadAsync<string>(world, "SELECT DISTINCT state FROM digests"));
        // The links in B's emails still work: A did not mint new ones over them.
        Assert.Equal(tokensAfterB, await ReadAsync<string>(world, "SELECT web_token_hash FROM digests ORDER BY id"));
    }

    private static PaperMailApp Node(StoreWorld world, TestSmtpServer smtp, string name) => smtp.Configure(new PaperMailApp()
        .With("PaperMail:Database:Provider", world.Provider)
        .With("ConnectionStrings:PaperMail", world.ConnectionString)
        .With("PaperMail:Digest:SendHourUtc", "0")
        .With("PaperMail:Digest:NodeName", name));

    private static async Task<List<T>> ReadAsync<T>(StoreWorld world, string sql)
    {
        await using var connection = await world.OpenAsync();
        return [.. await connection.QueryAsync<T>(sql)];
    }

    /// <summary>The real store, but the first read of a claimed batch's items waits until the test lets it go.</summary>
    public class HoldingStore : DispatchProxy
    {
        private IDigestStore _inner = null!;
        private TaskCompletionSource _held = null!;
        private TaskCompletionSource _release = null!;
        private int _reads;

        public static IDigestStore Wrap(IDigestStore inner, TaskCompletionSource held, TaskCompletionSource release)
        {
            var proxy = Create<IDigestStore, HoldingStore>();
            var holding = (HoldingStore)(object)proxy;
            (holding._inner, holding._held, holding._release) = (inner, held, release);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IDigestStore.GetItemsAsync) && Interlocked.Increment(ref _reads) == 1) return HoldThenReadAsync(method, args);
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }
        }

        private async Task<IReadOnlyDictionary<long, IReadOnlyList<DigestItem>>> HoldThenReadAsync(MethodInfo method, object?[]? args)
        {
            _held.SetResult();
            await _release.Task;
            return await (Task<IReadOnlyDictionary<long, IReadOnlyList<DigestItem>>>)method.Invoke(_inner, args)!;
        }
    }
}

[Collection(nameof(AppCollection))]
public sealed class SqliteStaleClaimSendTests : StaleClaimSendTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => SqliteWorld.CreateAsync();
}

[Collection(nameof(PostgresAppCollection))]
public sealed class PostgresStaleClaimSendTests(PostgresCluster cluster) : StaleClaimSendTests
{
    protected override Task<StoreWorld> CreateWorldAsync() => PostgresWorld.CreateAsync(cluster);
}
