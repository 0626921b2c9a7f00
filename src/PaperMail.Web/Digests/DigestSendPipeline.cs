using System.Collections.Concurrent;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Web.Delivery;

namespace PaperMail.Web.Digests;

/// <summary>
/// Builds digest emails on several workers and hands each one to the SMTP pool the moment it is built, so rendering
/// (CPU) overlaps sending (waiting for the server) instead of preceding it.
/// </summary>
/// <remarks>
/// <para>Bounded: at most <see cref="MaxAhead"/> messages are built and not yet answered; a worker takes a slot
/// before it builds, and a slot comes back once that message's outcome is recorded. Building far ahead of a slow
/// server would only mint links for messages a fatal error or a shutdown then leaves unsent.</para>
/// <para>Every digest gets exactly one call to <c>onResult</c> as soon as its outcome is known, except a send the
/// caller cancelled: it may have been on the wire, so its claim is left to expire (a crash re-sends at most that).
/// A digest that cannot be built (a template or database error) is reported as a transient failure, so it is
/// retried with backoff like a 4xx while the others go out. A fatal configuration error or cancellation stops the
/// building: digests not built by then come back <see cref="DeliveryOutcome.NotAttempted"/>, which returns them to
/// the queue untouched.</para>
/// </remarks>
public static partial class DigestSendPipeline
{
    /// <summary>Built-but-unanswered messages at most: enough to keep 4 connections and 2 renderers busy.</summary>
    public const int MaxAhead = 16;

    /// <summary>
    /// One render worker per core but one, at least one: the core left over runs the SMTP connections' I/O. On 2
    /// cores with smtp-sink on the same machine, 1 worker sent 1,000–1,500 digests/s where 2 sent 500–1,100.
    /// </summary>
    public static int DefaultRenderWorkers => Math.Max(1, Environment.ProcessorCount - 1);

    /// <param name="build">Mints the digest's links and renders its message; runs on up to <paramref name="renderWorkers"/> workers at once. The pipeline disposes each message once its outcome is known.</param>
    /// <param name="renderWorkers">Concurrent builds (rendering is CPU-bound); usually <see cref="DefaultRenderWorkers"/>.</param>
    public static async Task RunAsync(
        IReadOnlyList<DigestEnvelope> envelopes,
        Func<DigestEnvelope, CancellationToken, Task<MimeMessage>> build,
        ISmtpDelivery delivery,
        Func<DigestSendResult, Task> onResult,
        ILogger logger,
        int renderWorkers,
        CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(renderWorkers, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var slots = new SemaphoreSlim(MaxAhead);
        var taken = new bool[envelopes.Count];
        var sends = new ConcurrentQueue<Task>();
        var next = -1;

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

                var index = Interlocked.Increment(ref next);
                if (index >= envelopes.Count || stop.IsCancellationRequested)
                {
                    slots.Release();
                    return;
                }

                var envelope = envelopes[index];
                MimeMessage message;
                try
                {
                    message = await build(envelope, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Nothing of it reached the server: reported as not attempted below.
                    slots.Release();
                    return;
                }
                catch (Exception exception)
                {
                    taken[index] = true;
                    LogBuildFailed(logger, exception, envelope.Digest.Id);
                    try
                    {
                        await onResult(new DigestSendResult(envelope.Digest.Id, "",
                            DeliveryResult.Transient(null, $"could not build the email: {exception.Message}")));
                    }
                    finally
                    {
                        slots.Release();
                    }

                    continue;
                }

                taken[index] = true;
                sends.Enqueue(SendAsync(envelope, message));
            }
        }

        async Task SendAsync(DigestEnvelope envelope, MimeMessage message)
        {
            try
            {
                var result = await delivery.SendAsync(message, ct);
                if (result.StopsBatch)
                {
                    // Every further message would fail the same way; the ones already queued are answered by the pool.
                    await stop.CancelAsync();
                }

                await onResult(new DigestSendResult(envelope.Digest.Id, message.MessageId ?? "", result));
            }
            finally
            {
                // The pool is done with it (its outcome is known), and its content buffers are pooled.
                message.Dispose();
                slots.Release();
            }
        }

        var workers = Enumerable.Range(0, Math.Min(renderWorkers, Math.Max(1, envelopes.Count))).Select(_ => Task.Run(BuildLoopAsync)).ToArray();
        try
        {
            await Task.WhenAll(workers);
            for (var i = 0; i < envelopes.Count; i++)
            {
                if (!taken[i])
                {
                    var reason = ct.IsCancellationRequested ? "the digest job was stopped" : "an earlier message hit a fatal error";
                    await onResult(new DigestSendResult(envelopes[i].Digest.Id, "", DeliveryResult.NotAttempted(reason)));
                }
            }
        }
        finally
        {
            // Every send records its own outcome; wait for them all, whatever happened above, before the slots go.
            await Task.WhenAll(sends);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest {DigestId} could not be built; it will be retried")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, long digestId);
}
