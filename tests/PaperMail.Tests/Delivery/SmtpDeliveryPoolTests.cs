using System.Diagnostics;
using PaperMail.Core.Delivery;

namespace PaperMail.Tests.Delivery;

/// <summary>How the pool uses connections: reuse, the connection limit, cancellation and shutdown.</summary>
public sealed class SmtpDeliveryPoolTests
{
    [Fact]
    public async Task SendsManyMessagesOverOneReusedConnection()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        await using var pool = DeliveryPools.For(server.Port, maxConnections: 1);

        for (var i = 0; i < 5; i++)
        {
            var result = await pool.SendAsync(DeliveryMessages.To($"reader{i}@example.org"));
            Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        }

        Assert.Equal(5, server.Accepted.Count);
        Assert.Equal(1, server.SessionsStarted);
        Assert.Equal(1, pool.ConnectionsOpened);
    }

    [Fact]
    public async Task NeverHoldsMoreSessionsOpenThanMaxConnections()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        server.DataDelay = TimeSpan.FromMilliseconds(150);
        await using var pool = DeliveryPools.For(server.Port, maxConnections: 2);

        var results = await pool.SendBatchAsync(DeliveryMessages.ToEach(Enumerable.Range(0, 8).Select(i => $"r{i}@example.org").ToArray()));

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.Delivered, r.Outcome));
        Assert.Equal(8, server.Accepted.Count);
        Assert.Equal(2, server.MaxOpenSessions);
        Assert.Equal(2, server.SessionsStarted);
    }

    [Fact]
    public async Task BatchResultsComeBackInInputOrderWithEachRecipientDeliveredOnce()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        await using var pool = DeliveryPools.For(server.Port, maxConnections: 3);
        var addresses = Enumerable.Range(0, 6).Select(i => $"order{i}@example.org").ToArray();

        var results = await pool.SendBatchAsync(DeliveryMessages.ToEach(addresses));

        Assert.Equal(addresses.Length, results.Count);
        Assert.All(results, r => Assert.Equal(DeliveryOutcome.Delivered, r.Outcome));
        Assert.Equal(addresses.Order(), server.Accepted.SelectMany(a => a.Recipients).Order());
    }

    [Fact]
    public async Task CallerCancellationCancelsTheSendAndTheNextMessageUsesAFreshConnection()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        server.DataDelay = TimeSpan.FromMinutes(5);
        await using var pool = DeliveryPools.For(server.Port, maxConnections: 1);
        using var cancel = new CancellationTokenSource();

        var stuck = pool.SendAsync(DeliveryMessages.To("slow@example.org"), cancel.Token);
        await server.FirstDataReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(10)));

        server.DataDelay = TimeSpan.Zero;
        var next = await pool.SendAsync(DeliveryMessages.To("next@example.org")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DeliveryOutcome.Delivered, next.Outcome);
        Assert.Equal(2, pool.ConnectionsOpened);
        Assert.Equal(["next@example.org"], server.Accepted.Single().Recipients);
    }

    [Fact]
    public async Task StoppingFinishesTheMessageInFlightAndReportsQueuedOnesAsNotAttempted()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        server.DataDelay = TimeSpan.FromMilliseconds(500);
        var pool = DeliveryPools.For(server.Port, maxConnections: 1);

        var sends = Enumerable.Range(0, 3).Select(i => pool.SendAsync(DeliveryMessages.To($"s{i}@example.org"))).ToList();
        await server.FirstDataReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await pool.StopAsync();
        var results = await Task.WhenAll(sends);
        var afterStop = await pool.SendAsync(DeliveryMessages.To("late@example.org"));
        await pool.DisposeAsync();

        Assert.Equal(DeliveryOutcome.Delivered, results[0].Outcome);
        Assert.Equal(DeliveryOutcome.NotAttempted, results[1].Outcome);
        Assert.Equal(DeliveryOutcome.NotAttempted, results[2].Outcome);
        Assert.Equal(DeliveryOutcome.NotAttempted, afterStop.Outcome);
        Assert.Equal(["s0@example.org"], server.Accepted.Single().Recipients);
    }

    [Fact]
    public async Task StoppingPastItsDeadlineAbandonsASendBlockedOnAStalledServerAsTransient()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        server.DataDelay = TimeSpan.FromMinutes(5);
        var pool = DeliveryPools.For(server.Port, maxConnections: 1);

        var stuck = pool.SendAsync(DeliveryMessages.To("slow@example.org"));
        await server.FirstDataReceived.Task.WaitAsync(TimeSpan.FromMinutes(2));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        // The server holds the message for five minutes: stopping (and the send) ending within two proves the
        // deadline abandoned it; the bound is only there to catch that hang.
        await pool.StopAsync(deadline.Token).WaitAsync(TimeSpan.FromMinutes(2));
        var result = await stuck.WaitAsync(TimeSpan.FromMinutes(2));
        await pool.DisposeAsync();

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
        Assert.Contains("abandoned", result.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Accepted);
    }
}
