using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Tests.Delivery;
using PaperMail.Core.Papers;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Digests;

/// <summary>
/// The digest pipeline, rendering overlapped with sending, against a real SMTP server: every digest gets one outcome, a
/// digest that cannot be built does not hold up the others, and a fatal reply or a stop leaves the unbuilt ones for later.
/// </summary>
public sealed class DigestPipelineTests
{
    private static readonly DigestPaper OnePaper = new(new Paper { Id = "2501.00001", Title = "A paper" }, [], [], 1, [], [], "", "", "");

    private readonly ConcurrentDictionary<long, DeliveryResult> _results = new();
    private readonly ConcurrentQueue<long> _built = new();

    private static IReadOnlyList<DigestEnvelope> Digests(int count, int firstId = 1) => Enumerable.Range(firstId, count)
        .Select(id => new DigestEnvelope(
            new DigestRecord(id, id, $"reader{id}@example.org", "daily", "2026-11-30", DigestState.Sending, 1, DateTimeOffset.UnixEpoch, null, null),
            new DigestContent($"Digest {id}", "", [OnePaper], 0, [])))
        .ToList();

    private Task<MimeMessage> Build(DigestEnvelope envelope, CancellationToken ct)
    {
        _built.Enqueue(envelope.Digest.Id);
        return Task.FromResult(DeliveryMessages.To(envelope.Digest.Email, envelope.Content.Subject));
    }

    private Task RunAsync(IReadOnlyList<DigestEnvelope> digests, ISmtpDelivery pool, Func<DigestEnvelope, CancellationToken, Task<MimeMessage>> build, CancellationToken ct = default) =>
        RunAsync(ScriptedStages.OneBatch(digests), pool, build, sent =>
        {
            Assert.True(_results.TryAdd(sent.DigestId, sent.Result), $"digest {sent.DigestId} reported twice");
            return Task.CompletedTask;
        }, renderWorkers: 2, ct);

    private static Task RunAsync(Func<CancellationToken, IAsyncEnumerable<IReadOnlyList<DigestEnvelope>>> batches, ISmtpDelivery pool,
        Func<DigestEnvelope, CancellationToken, Task<MimeMessage>> build, Func<DigestSendResult, Task> onResult, int renderWorkers, CancellationToken ct,
        Func<long, Task<bool>>? renew = null)
    {
        var stages = new ScriptedStages(batches) { Build = build, OnResult = onResult, Renew = renew ?? (_ => Task.FromResult(true)) };
        return DigestPipeline.RunAsync(stages.Through(pool), NullLogger.Instance, renderWorkers, ct);
    }

    [Fact]
    public async Task EveryDigestIsSentOnceAndReportedOnceWithItsMessageId()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        await using var pool = DeliveryPools.For(server.Port, maxConnections: 2);
        var digests = Digests(6);
        var messageIds = new ConcurrentDictionary<long, string>();

        await RunAsync(ScriptedStages.OneBatch(digests), pool, Build, sent =>
        {
            messageIds[sent.DigestId] = sent.MessageId;
            return Task.CompletedTask;
        }, renderWorkers: 2, CancellationToken.None);

        Assert.Equal(digests.Select(d => d.Digest.Id).Order(), messageIds.Keys.Order());
        Assert.Equal(digests.Select(d => d.Digest.Email).Order(), server.Accepted.SelectMany(a => a.Recipients).Order());
        Assert.Equal(server.Accepted.Select(a => a.Message.MessageId).Order(), messageIds.Values.Order());
    }

    [Fact]
    public async Task ADigestThatCannotBeBuiltIsReportedForRetryAndTheOthersAreStillSent()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        await using var pool = DeliveryPools.For(server.Port);

        await RunAsync(Digests(4), pool, (envelope, ct) => envelope.Digest.Id == 2
            ? throw new InvalidOperationException("template exploded")
            : Build(envelope, ct));

        Assert.Equal(DeliveryOutcome.TransientFailure, _results[2].Outcome);
        Assert.Contains("template exploded", _results[2].Detail);
        Assert.All(new long[] { 1, 3, 4 }, id => Assert.Equal(DeliveryOutcome.Delivered, _results[id].Outcome));
        Assert.Equal(["reader1@example.org", "reader3@example.org", "reader4@example.org"], server.Accepted.SelectMany(a => a.Recipients).Order());
    }

    [Fact]
    public async Task AFatalReplyStopsTheBuildingAndTheUnbuiltDigestsComeBackNotAttempted()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        server.MailFromFault = FaultInjectingSmtpServer.Reply(553, "5.7.1 sender address rejected");
        await using var pool = DeliveryPools.For(server.Port);
        var digests = Digests(DigestPipeline.MaxAhead + 4);

        await RunAsync(digests, pool, Build);

        // At most MaxAhead messages exist before the first reply, and that reply stops the building.
        Assert.InRange(_built.Count, 1, DigestPipeline.MaxAhead);
        Assert.Equal(digests.Count, _results.Count);
        Assert.All(_built, id => Assert.Equal(DeliveryOutcome.FatalConfiguration, _results[id].Outcome));
        Assert.All(digests.Select(d => d.Digest.Id).Except(_built), id => Assert.Equal(DeliveryOutcome.NotAttempted, _results[id].Outcome));
        Assert.Empty(server.Accepted);
    }

    [Fact]
    public async Task StoppingLeavesTheMessageOnTheWireUnreportedAndReportsTheUnbuiltOnesAsNotAttempted()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        server.DataDelay = TimeSpan.FromMinutes(5);
        await using var pool = DeliveryPools.For(server.Port);
        var digests = Digests(DigestPipeline.MaxAhead + 4);
        using var stop = new CancellationTokenSource();

        var run = RunAsync(digests, pool, Build, stop.Token);
        await server.FirstDataReceived.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromMinutes(2)));
        // A built message may have gone out (one was on the wire): its claim is left to expire, never released.
        Assert.Empty(_built.Intersect(_results.Keys));
        Assert.Equal(digests.Select(d => d.Digest.Id).Order(), _built.Concat(_results.Keys).Order());
        Assert.All(_results.Values, r => Assert.Equal(DeliveryOutcome.NotAttempted, r.Outcome));
    }

    /// <summary>Batches of digests as the job claims them: until <paramref name="batches"/> are given, checking for a stop between batches only.</summary>
    private static Func<CancellationToken, IAsyncEnumerable<IReadOnlyList<DigestEnvelope>>> Claimed(int batchSize, int? batches, ConcurrentQueue<int> requested) =>
        stop => ClaimedAsync(batchSize, batches, requested, stop);

    private static async IAsyncEnumerable<IReadOnlyList<DigestEnvelope>> ClaimedAsync(int batchSize, int? batches, ConcurrentQueue<int> requested, [EnumeratorCancellation] CancellationToken stop = default)
    {
        for (var batch = 0; batches is null || batch < batches; batch++)
        {
            if (stop.IsCancellationRequested) yield break;
            requested.Enqueue(batch);
            await Task.Yield();
            yield return Digests(batchSize, firstId: batch * batchSize + 1);
        }
    }

    [Fact]
    public async Task TheNextBatchIsReadWhileTheFirstIsStillOnTheWire()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        server.DataDelay = TimeSpan.FromMinutes(5);
        await using var pool = DeliveryPools.For(server.Port);
        var requested = new ConcurrentQueue<int>();
        using var stop = new CancellationTokenSource();

        var run = RunAsync(Claimed(batchSize: 4, batches: 3, requested), pool, Build, sent =>
        {
            _results.TryAdd(sent.DigestId, sent.Result);
            return Task.CompletedTask;
        }, renderWorkers: 1, stop.Token);
        await server.FirstDataReceived.Task.WaitAsync(TimeSpan.FromMinutes(2));
        for (var waited = 0; requested.Count < 3 && waited < 120_000; waited += 10) await Task.Delay(10);

        // All three batches were read while the first message was still waiting for its reply.
        Assert.Equal(3, requested.Count);
        Assert.Empty(server.Accepted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), _built.Concat(_results.Keys).Order());
    }

    [Fact]
    public async Task AFatalReplyStopsTheReadingOfBatchesAndEveryDigestReadIsReportedOnce()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        server.MailFromFault = FaultInjectingSmtpServer.Reply(553, "5.7.1 sender address rejected");
        await using var pool = DeliveryPools.For(server.Port);
        var requested = new ConcurrentQueue<int>();

        // An endless supply: only the stop ends it.
        await RunAsync(Claimed(batchSize: 5, batches: null, requested), pool, Build, sent =>
        {
            Assert.True(_results.TryAdd(sent.DigestId, sent.Result), $"digest {sent.DigestId} reported twice");
            return Task.CompletedTask;
        }, renderWorkers: 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(requested.Count * 5, _results.Count);
        Assert.All(_built, id => Assert.Equal(DeliveryOutcome.FatalConfiguration, _results[id].Outcome));
        Assert.All(_results.Keys.Except(_built), id => Assert.Equal(DeliveryOutcome.NotAttempted, _results[id].Outcome));
        Assert.Empty(server.Accepted);
    }

    [Fact]
    public async Task WhenRecordingAnOutcomeFailsTheRunFailsWithThatErrorInsteadOfWaitingForever()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        await using var pool = DeliveryPools.For(server.Port);
        var requested = new ConcurrentQueue<int>();

        // More digests than the pipeline reads ahead, so the reader is left waiting on a full queue when the only worker dies.
        var run = RunAsync(Claimed(batchSize: DigestPipeline.ReadAhead, batches: 3, requested), pool,
            (envelope, ct) => envelope.Digest.Id == 1 ? throw new InvalidOperationException("template exploded") : Build(envelope, ct),
            _ => throw new IOException("database is gone"), renderWorkers: 1, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("database is gone", failure.Message);
        Assert.InRange(requested.Count, 1, 3);
    }

    [Fact]
    public async Task WhenADeliveryCannotBeRecordedNoMoreMessagesAreSent()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        await using var pool = DeliveryPools.For(server.Port);
        var digests = Digests(DigestPipeline.MaxAhead * 4);

        var run = RunAsync(ScriptedStages.OneBatch(digests), pool, Build,
            sent => sent.Result.IsDelivered ? throw new IOException("database is gone") : Task.CompletedTask,
            renderWorkers: 1, CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        // What was built before the first failure may still go out; nothing is built after it.
        Assert.InRange(server.Accepted.Count, 1, DigestPipeline.MaxAhead);
        Assert.InRange(_built.Count, 1, DigestPipeline.MaxAhead + 1);
    }

    [Fact]
    public async Task ADigestWhoseClaimWasLostBeforeItsTurnIsNeitherSentNorReported()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        await using var pool = DeliveryPools.For(server.Port, maxConnections: 2);
        var digests = Digests(6);
        var asked = new ConcurrentQueue<long>();

        await RunAsync(ScriptedStages.OneBatch(digests), pool, Build, sent =>
        {
            Assert.True(_results.TryAdd(sent.DigestId, sent.Result), $"digest {sent.DigestId} reported twice");
            return Task.CompletedTask;
        }, renderWorkers: 2, CancellationToken.None, digestId =>
        {
            asked.Enqueue(digestId);
            // Digests 2 and 5 were taken over by another node while they waited here.
            return Task.FromResult(digestId is not (2 or 5));
        });

        Assert.Equal([1L, 2, 3, 4, 5, 6], asked.Order());
        Assert.Equal([1L, 3, 4, 6], _results.Keys.Order());
        Assert.Equal(["reader1@example.org", "reader3@example.org", "reader4@example.org", "reader6@example.org"],
            server.Accepted.SelectMany(a => a.Recipients).Order());
    }
}
