using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MimeKit;
using PaperMail.Core.Delivery;

namespace PaperMail.Core.Digests;

/// <summary>
/// One digest run from "due" to "recorded", and its only owner: claim → compose → links → render → send → record,
/// each stage a small type of its own (<see cref="DigestStages"/>). One task claims, composes and mints links a batch at
/// a time; render workers build the messages; each is handed to the send stage the moment it is built and its outcome
/// recorded the moment it is known. So the database, rendering (CPU) and the server's replies overlap instead of taking
/// turns.
/// </summary>
/// <remarks>
/// <para>Bounded: batches are read at most <see cref="ReadAhead"/> digests ahead of the render workers, and at most
/// <see cref="MaxAhead"/> messages are built and not yet answered; a worker takes a slot before it builds, and a slot
/// comes back once that message's outcome is recorded. Building far ahead of a slow server would only hold memory for
/// messages a fatal error or a shutdown then leaves unsent.</para>
/// <para>Every digest claimed gets exactly one outcome recorded as soon as it is known, except one whose claim was lost
/// before it was handed to the server (it is another node's now), and a send the caller cancelled: it may have been on
/// the wire, so its claim is left to expire (a crash re-sends at most that). A digest that cannot be built (a template
/// or database error) is recorded as a transient failure, so it is retried with backoff like a 4xx while the others go
/// out. A fatal outcome or cancellation stops the building and the claiming: digests not built by then, and whatever
/// was claimed meanwhile, are recorded <see cref="DeliveryOutcome.NotAttempted"/>, which returns them to the queue
/// untouched. An outcome that cannot be recorded stops the run with that error.</para>
/// </remarks>
public sealed partial class DigestPipeline : IDisposable
{
    /// <summary>Built-but-unanswered messages at most: enough to keep 4 connections and 2 renderers busy.</summary>
    public const int MaxAhead = 16;

    /// <summary>Digests read ahead of the render workers: enough to hide a batch's claim and compose behind the sending of the last.</summary>
    public const int ReadAhead = 100;

    /// <summary>
    /// One render worker per core but one, at least one: the core left over runs the SMTP connections' I/O (on 2 cores,
    /// a second worker sent fewer digests, not more; see docs/performance.md).
    /// </summary>
    public static int DefaultRenderWorkers => Math.Max(1, Environment.ProcessorCount - 1);

    private readonly DigestStages _stages;
    private readonly ILogger _logger;
    private readonly int _renderWorkers;
    private readonly CancellationToken _ct;
    private readonly CancellationTokenSource _stop;
    private readonly SemaphoreSlim _slots = new(MaxAhead);
    private readonly Channel<(DigestEnvelope Envelope, DigestLinks Links)> _queue =
        Channel.CreateBounded<(DigestEnvelope, DigestLinks)>(new BoundedChannelOptions(ReadAhead) { SingleWriter = true });
    private readonly ConcurrentQueue<Task> _sends = new();

    private DigestPipeline(DigestStages stages, ILogger logger, int renderWorkers, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(renderWorkers, 1);
        (_stages, _logger, _renderWorkers, _ct) = (stages, logger, renderWorkers, ct);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    }

    /// <summary>Moves every due digest through the stages until none is left, a fatal outcome, or <paramref name="ct"/>.</summary>
    public static async Task RunAsync(DigestStages stages, ILogger logger, int renderWorkers, CancellationToken ct)
    {
        using var pipeline = new DigestPipeline(stages, logger, renderWorkers, ct);
        await pipeline.RunAsync();
    }

    private async Task RunAsync()
    {
        var reader = Task.Run(ReadAsync);
        var workers = Enumerable.Range(0, _renderWorkers).Select(_ => Task.Run(BuildLoopAsync)).ToArray();
        try
        {
            await Task.WhenAll(workers);
            // Stopped early: what was read and no worker took goes back untouched.
            await foreach (var (envelope, _) in _queue.Reader.ReadAllAsync(CancellationToken.None))
            {
                await ReportNotAttemptedAsync(envelope);
            }
        }
        finally
        {
            try
            {
                // Every send records its own outcome; wait for them all, whatever happened above, before the slots go.
                await Task.WhenAll(_sends);
            }
            finally
            {
                if (!reader.IsCompleted)
                {
                    // Recording an outcome failed: claiming stops at the next batch, and what is still read is dropped so
                    // the reader never waits on a full queue. Those claims go stale and are claimed again, as after a crash.
                    await _stop.CancelAsync();
                    await DiscardAsync();
                }
                await reader;
            }
        }
    }

    /// <summary>Claim, compose and links, a batch at a time; a claimed batch always reaches the queue or its record whole.</summary>
    private async Task ReadAsync()
    {
        try
        {
            await foreach (var claimed in _stages.Claim.ClaimAsync(_stop.Token))
            {
                // Not cancellable from here on: every digest claimed is sent or recorded.
                var composed = await _stages.Compose.ComposeAsync(claimed, CancellationToken.None);
                var toSend = new List<DigestEnvelope>(composed.Count);
                foreach (var envelope in composed)
                {
                    if (envelope.Content.Papers.Count > 0)
                    {
                        toSend.Add(envelope);
                        continue;
                    }
                    // Never mail an empty digest.
                    await _stages.Record.NothingLeftAsync(envelope.Digest);
                    _stages.Claim.Answered(envelope.Digest.Id);
                }
                // A batch that waited past the claim timeout may be another node's now: minting would replace the links
                // of the emails that node sends. (The claim is renewed again just before each message goes out.)
                var held = await _stages.Claim.HoldAsync(toSend);
                if (held.Count == 0) continue;
                var links = await _stages.Links.MintAsync(held, CancellationToken.None);
                for (var i = 0; i < held.Count; i++) await _queue.Writer.WriteAsync((held[i], links[i]), CancellationToken.None);
            }
            _queue.Writer.Complete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Claiming stopped as asked; what was claimed is in the queue.
            _queue.Writer.Complete();
        }
        catch (Exception exception)
        {
            // The workers send what was read, then fail with this (a database error, say).
            _queue.Writer.Complete(exception);
        }
    }

    /// <summary>Render, then hand over to be sent: one message per free slot.</summary>
    private async Task BuildLoopAsync()
    {
        while (true)
        {
            try
            {
                await _slots.WaitAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (!await _queue.Reader.WaitToReadAsync(_stop.Token))
                {
                    // All sent or recorded.
                    _slots.Release();
                    return;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                _slots.Release();
                return;
            }

            if (!_queue.Reader.TryRead(out var next))
            {
                // Another worker took it.
                _slots.Release();
                continue;
            }

            var (envelope, links) = next;
            MimeMessage? message = null;
            try
            {
                if (!_stop.IsCancellationRequested) message = await _stages.Render.RenderAsync(envelope, links, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                LogBuildFailed(_logger, exception, envelope.Digest.Id);
                try
                {
                    await RecordAsync(envelope.Digest, new DigestSendResult(envelope.Digest.Id, "",
                        DeliveryResult.Transient(null, $"could not build the email: {exception.Message}")));
                }
                finally
                {
                    _slots.Release();
                }
                continue;
            }

            if (message is null || _stop.IsCancellationRequested)
            {
                // Stopped while it was taken or built: nothing of it reached the server.
                message?.Dispose();
                _slots.Release();
                await ReportNotAttemptedAsync(envelope);
                return;
            }

            _sends.Enqueue(SendAsync(envelope, links, message));
        }
    }

    /// <summary>Renew the claim, send, record.</summary>
    private async Task SendAsync(DigestEnvelope envelope, DigestLinks links, MimeMessage message)
    {
        try
        {
            if (!await RenewAsync(envelope))
            {
                LogClaimLost(_logger, envelope.Digest.Id);
                return;
            }

            var result = await _stages.Send.SendAsync(message, links.EnvelopeSender, _ct);
            // Every further message would fail the same way; the ones already handed over are answered by the server.
            if (result.StopsBatch) await _stop.CancelAsync();
            await RecordAsync(envelope.Digest, new DigestSendResult(envelope.Digest.Id, message.MessageId ?? "", result));
        }
        finally
        {
            // The server is done with it (its outcome is known), and its content buffers are pooled.
            message.Dispose();
            _slots.Release();
        }
    }

    private async Task<bool> RenewAsync(DigestEnvelope envelope)
    {
        try
        {
            return await _stages.Claim.RenewAsync(envelope.Digest.Id);
        }
        catch
        {
            // Whether the claim still holds is unknown (the database is gone): sending could send it twice.
            await _stop.CancelAsync();
            throw;
        }
    }

    private async Task RecordAsync(DigestRecord digest, DigestSendResult sent)
    {
        try
        {
            await _stages.Record.RecordAsync(digest, sent);
            _stages.Claim.Answered(digest.Id);
        }
        catch
        {
            // An outcome that cannot be recorded (the database is gone): sending more would only make more digests that
            // go out again once their claims go stale.
            await _stop.CancelAsync();
            throw;
        }
    }

    private Task ReportNotAttemptedAsync(DigestEnvelope envelope)
    {
        var reason = _ct.IsCancellationRequested ? "the digest job was stopped" : "an earlier message hit a fatal error";
        return RecordAsync(envelope.Digest, new DigestSendResult(envelope.Digest.Id, "", DeliveryResult.NotAttempted(reason)));
    }

    private async Task DiscardAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (_queue.Reader.TryRead(out _)) { }
            }
        }
        catch (Exception)
        {
            // Claiming failed as well; the failure already on its way out is the one reported.
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _slots.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest {DigestId} was not sent: its claim went stale while it waited and another node took it over")]
    private static partial void LogClaimLost(ILogger logger, long digestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest {DigestId} could not be built; it will be retried")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, long digestId);
}
