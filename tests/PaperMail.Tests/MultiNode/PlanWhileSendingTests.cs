using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperMail.Core.Digests;
using PaperMail.Store.Shared;
using PaperMail.Tests.StoreContract;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MultiNode;

/// <summary>
/// A digest run plans a slice of subscribers at a time, whenever nothing planned is left to claim: its first digests
/// are sent and recorded before its last subscribers are planned, and every subscriber still gets one digest.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class PlanWhileSendingTests
{
    [Fact]
    public async Task ARunSendsItsFirstDigestsBeforeItPlansItsLastSubscribersAndSendsEachOnce()
    {
        const int subscribers = DigestStore.SliceSize * 2 + 10;
        await using var world = await SqliteWorld.CreateAsync();
        await DigestSeed.SeedAsync(world, subscribers);
        await using var smtp = new TestSmtpServer();
        var calls = new ConcurrentQueue<string>();
        await using var app = smtp.Configure(new PaperMailApp()
            .With("ConnectionStrings:PaperMail", world.ConnectionString)
            .With("PaperMail:Digest:SendHourUtc", "0"))
            .WithServices(s =>
            {
                var store = s.Last(d => d.ServiceType == typeof(IDigestStore)).ImplementationType!;
                s.Replace(ServiceDescriptor.Singleton(sp => CallLog.Wrap((IDigestStore)ActivatorUtilities.CreateInstance(sp, store), calls)));
            });

        using var scope = app.Services.CreateScope();
        var run = await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None);

        Assert.Equal((subscribers, subscribers), (run.Planned, run.Sent));
        Assert.Equal(subscribers, smtp.Received.SelectMany(m => m.To.Mailboxes).Select(m => m.Address).Distinct().Count());
        Assert.Equal(subscribers, smtp.Received.Count);
        var log = calls.ToList();
        Assert.Equal(3, log.Count(c => c == nameof(IDigestStore.PlanSliceAsync)));
        Assert.True(log.IndexOf(nameof(IDigestStore.MarkSentAsync)) < log.LastIndexOf(nameof(IDigestStore.PlanSliceAsync)),
            string.Join(", ", log.Where(c => c is nameof(IDigestStore.PlanSliceAsync) or nameof(IDigestStore.MarkSentAsync))));
    }

    /// <summary>The real store, noting the name of each call as it is made.</summary>
    public class CallLog : DispatchProxy
    {
        private IDigestStore _inner = null!;
        private ConcurrentQueue<string> _calls = null!;

        public static IDigestStore Wrap(IDigestStore inner, ConcurrentQueue<string> calls)
        {
            var proxy = Create<IDigestStore, CallLog>();
            var log = (CallLog)(object)proxy;
            (log._inner, log._calls) = (inner, calls);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            _calls.Enqueue(method!.Name);
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
    }
}
