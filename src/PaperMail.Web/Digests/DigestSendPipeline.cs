using System.Collections.Concurrent;
using System.Threading.Channels;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Web.Mail;

namespace PaperMail.Web.Digests;

/// <summary>
/// Reads digests from their source on one task, builds their emails on several workers and hands each one to the SMTP
/// pool the moment it is built, so producing digests (the database), rendering (CPU) and sending (waiting for the
/// server) overlap instead of taking turns.
/// </summary>
/// <remarks>
/// <para>Bounded: the source is read at most <see cref="ReadAhead"/> digests ahead, and at most
/// <see cref="MaxAhead"/> messages are built and not yet answered; a worker takes a slot before it builds, and a slot
/// comes back once that message's outcome is recorded. Building far ahead of a slow server would only hold memory for
/// messages a fatal error or a shutdown then leaves unsent.</para>
/// <para>Every digest gets exactly one call to <c>onResult</c> as soon as its outcome is known, except one whose claim
/// was lost before it was handed to the server (it is another node's now), and a send the caller cancelled: it may have been on the wire, so its claim is left to expire (a crash re-sends at most that).
/// A digest that cannot be built (a template or database error) is reported as a transient failure, so it is
/// retried with backoff like a 4xx while the others go out. A fatal configuration error or cancellation stops the
/// building and the reading (the source sees its token fire): digests not built by then, and whatever the source still
/// yields, come back <see cref="DeliveryOutcome.NotAttempted"/>, which returns them to the queue untouched.</para>
/// </remarks>
public static partial class DigestSendPipeline
{
    /// <summary>Built-but-unanswered messages at most: enough to keep 4 connections and 2 renderers busy.</summary>
    public const int MaxAhead = 16;

    /// <summary>
    /// One render worker per core but one, at least one: the core left over runs the SMTP connections' I/O (on 2 cores,
    /// a second worker sent fewer digests, not more; see docs/performance.md).
    /// </summary>
    public static int DefaultRenderWorkers => Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Envelopes read ahead of the render workers: enough to hide a batch's claim and compose behind the sending of the last.</summary>
    public const int ReadAhead = 100;

    /// <param name="envelopes">
    /// The digests to send, read on a task of their own up to <see cref="ReadAhead"/> ahead of the builders, so
    /// producing them (claiming, composing) overlaps sending. Enumerated with the pipeline's stop token: once it
    /// fires the source should stop producing, and whatever it still yields is reported not attempted.
    /// </param>
    /// <param name="build">Renders a digest's message; runs on up to <paramref name="renderWorkers"/> workers at once. The pipeline disposes each message once its outcome is known.</param>
    /// <param name="renderWorkers">Concurrent builds (rendering is CPU-bound); usually <see cref="DefaultRenderWorkers"/>.</param>
    /// <param name="renewClaim">
    /// Called just before a built message is handed to the SMTP pool: false means the digest's claim was lost (its
    /// claim went stale while it waited here and another node took it over), so it is not sent and gets no
    /// <c>onResult</c>: the node that holds it now sends it and records its outcome. Null: every message is sent.
    /// </param>
    public static async Task RunAsync(
        IAsyncEnumerable<DigestEnvelope> envelopes,
        Func<DigestEnvelope, CancellationToken, Task<MimeMessage>> build,
        ISmtpDelivery delivery,
        Func<DigestSendResult, Task> onResult,
        ILogger logger,
        int renderWorkers,
        CancellationToken ct,
        Func<DigestEnvelope, Task<bool>>? renewClaim = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(renderWorkers, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var slots = new SemaphoreSlim(MaxAhead);
        var queue = Channel.CreateBounded<DigestEnvelope>(new BoundedChannelOptions(ReadAhead) { SingleWriter = true });
        var sends = new ConcurrentQueue<Task>();

        async Task ReadAsync()
        {
            try
            {
                await foreach (var envelope in envelopes.WithCancellation(stop.Token))
                {
                    // Not cancellable: every envelope produced must reach the queue, to be sent or reported.
                    await queue.Writer.WriteAsync(envelope, CancellationToken.None);
                }
                queue.Writer.Complete();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The source stopped producing as asked; what it produced is in the queue.
                queue.Writer.Complete();
            }
            catch (Exception exception)
            {
                // The builders send what was produced, then fail with this (a database error, say).
                queue.Writer.Complete(exception);
            }
        }

        async Task BuildLoopAsync()
        {
            while (true)
            {
                try
                {
                    await slots.WaitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                DigestEnvelope? envelope;
                try
                {
                    if (!await queue.Reader.WaitToReadAsync(stop.Token))
                    {
                        // All sent or reported.
                        slots.Release();
                        return;
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    slots.Release();
                    return;
                }

                if (!queue.Reader.TryRead(out envelope))
                {
                    // Another worker took it.
                    slots.Release();
                    continue;
                }

                MimeMessage? message = null;
                try
                {
                    if (!stop.IsCancellationRequested) message = await build(envelope, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception exception)
                {
                    LogBuildFailed(logger, exception, envelope.Digest.Id);
                    try
                    {
                        await RecordAsync(new DigestSendResult(envelope.Digest.Id, "",
                            DeliveryResult.Transient(null, $"could not build the email: {exception.Message}")));
                    }
                    finally
                    {
                        slots.Release();
                    }

                    continue;
                }

                if (message is null || stop.IsCancellationRequested)
                {
                    // Stopped while it was taken or built: nothing of it reached the server.
                    message?.Dispose();
                    slots.Release();
                    await ReportNotAttemptedAsync(envelope);
                    return;
                }

                sends.Enqueue(SendAsync(envelope, message));
            }
        }

        async Task SendAsync(DigestEnvelope envelope, MimeMessage message)
        {
            try
            {
                if (renewClaim is not null && !await RenewAsync(envelope))
                {
                    LogClaimLost(logger, envelope.Digest.Id);
                    return;
                }

                var result = await delivery.SendAsync(message, ct);
                if (result.StopsBatch)
                {
                    // Every further message would fail the same way; the ones already queued are answered by the pool.
                    await stop.CancelAsync();
                }

                await RecordAsync(new DigestSendResult(envelope.Digest.Id, message.MessageId ?? "", result));
            }
            finally
            {
                // The pool is done with it (its outcome is known), and its content buffers are pooled.
                message.Dispose();
                slots.Release();
            }
        }

        async Task<bool> RenewAsync(DigestEnvelope envelope)
        {
            try
            {
                return await renewClaim!(envelope);
            }
            catch
            {
                // Whether the claim still holds is unknown (the database is gone): sending could send it twice.
                await stop.CancelAsync();
                throw;
            }
        }

        async Task RecordAsync(DigestSendResult result)
        {
            try
            {
                await onResult(result);
            }
            catch
            {
                // An outcome that cannot be recorded (the database is gone): sending more would only make more digests
                // that go out again once their claims go stale.
                await stop.CancelAsync();
                throw;
            }
        }

        Task ReportNotAttemptedAsync(DigestEnvelope envelope)
        {
            var reason = ct.IsCancellationRequested ? "the digest job was stopped" : "an earlier message hit a fatal error";
            return RecordAsync(new DigestSendResult(envelope.Digest.Id, "", DeliveryResult.NotAttempted(reason)));
        }

        var reader = Task.Run(ReadAsync);
        var workers = Enumerable.Range(0, renderWorkers).Select(_ => Task.Run(BuildLoopAsync)).ToArray();
        try
        {
            await Task.WhenAll(workers);
            // Stopped early: what the source produced and no worker took goes back untouched.
            await foreach (var envelope in queue.Reader.ReadAllAsync(CancellationToken.None))
            {
                await ReportNotAttemptedAsync(envelope);
            }
        }
        finally
        {
            try
            {
                // Every send records its own outcome; wait for them all, whatever happened above, before the slots go.
                await Task.WhenAll(sends);
            }
            finally
            {
                if (!reader.IsCompleted)
                {
                    // Recording an outcome failed: the source stops at its next batch, and what it still yields is
                    // dropped so the reader never waits on a full queue. Those claims go stale and are claimed again,
                    // as after a crash.
                    await stop.CancelAsync();
                    await DiscardAsync(queue.Reader);
                }
                await reader;
            }
        }
    }

    private static async Task DiscardAsync(ChannelReader<DigestEnvelope> queue)
    {
        try
        {
            while (await queue.WaitToReadAsync(CancellationToken.None))
            {
                while (queue.TryRead(out _)) { }
            }
        }
        catch (Exception)
        {
            // The source failed as well; the failure already on its way out is the one reported.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest {DigestId} was not sent: its claim went stale while it waited and another node took it over")]
    private static partial void LogClaimLost(ILogger logger, long digestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest {DigestId} could not be built; it will be retried")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, long digestId);
}
