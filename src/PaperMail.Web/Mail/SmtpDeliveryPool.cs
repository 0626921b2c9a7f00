using System.Threading.Channels;
using MailKit.Net.Smtp;
using MimeKit;
using PaperMail.Core.Delivery;

namespace PaperMail.Web.Mail;

/// <summary>Sends messages over a bounded set of reused SMTP connections and reports each message's outcome.</summary>
public interface ISmtpDelivery
{
    /// <summary>Queues one message; completes when the server has answered for it (or it could not be sent).</summary>
    Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="SendAsync(MimeMessage, CancellationToken)"/>, with an envelope sender (MAIL FROM) of its own instead
    /// of the From address: a per-message bounce address (VERP). No default body: a wrapper that forgot it would drop
    /// the bounce address without a word.
    /// </summary>
    Task<DeliveryResult> SendFromAsync(MimeMessage message, MailboxAddress envelopeSender, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a batch across the pool, one result per message in input order. A <see cref="DeliveryOutcome.FatalConfiguration"/>
    /// stops the batch: messages not yet started come back <see cref="DeliveryOutcome.NotAttempted"/>.
    /// </summary>
    Task<IReadOnlyList<DeliveryResult>> SendBatchAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken = default);
}

/// <summary>
/// Up to <see cref="SmtpOptions.MaxConnections"/> workers read one queue; each owns one MailKit client and keeps
/// it connected across messages. A client that timed out, was cancelled, dropped or got a 4xx is replaced before the
/// next message. Stopping finishes the messages in flight and reports the queued ones as not attempted.
/// </summary>
/// <remarks>
/// Each worker is a thread of its own that sends with MailKit's synchronous API over a blocking socket, the way
/// smtp-source sends: it writes the message, then sleeps in the kernel until the server answers. With the async API,
/// every reply went through .NET's socket engine thread and then a pool thread, and every message through async state
/// machines in MimeKit's writers and MailKit's stream. Measured alternately with the async version in the delivery
/// benchmark, it used less CPU per message and sent more per second (figures in docs/performance.md). Timeouts do
/// not need the async path: a read or write that waits past
/// <see cref="SmtpOptions.CommandTimeout"/> fails on the socket's own timeout, and the whole-message deadline,
/// a cancellation or a forced stop closes the socket under the blocked send.
/// </remarks>
public sealed class SmtpDeliveryPool : ISmtpDelivery, IAsyncDisposable
{
    private readonly SmtpOptions _options;
    private readonly ILogger<SmtpDeliveryPool> _logger;
    private readonly Channel<DeliveryWork> _queue = Channel.CreateUnbounded<DeliveryWork>();
    private readonly CancellationTokenSource _abort = new();
    private readonly PooledSmtpConnection[] _connections;
    private readonly Task[] _workers;
    private readonly SendingRate _sendingRate;
    private volatile bool _stopping;

    public SmtpDeliveryPool(IOptions<SmtpOptions> options, ILogger<SmtpDeliveryPool> logger)
    {
        _options = options.Value;
        _logger = logger;
        _sendingRate = new SendingRate(_options.MaxMessagesPerSecond, _options.MaxMessagesPerHour);
        _connections = new PooledSmtpConnection[_options.MaxConnections];
        _workers = new Task[_options.MaxConnections];
        for (var slot = 0; slot < _workers.Length; slot++)
        {
            _connections[slot] = new PooledSmtpConnection(_options);
            var connection = _connections[slot];
            _workers[slot] = Task.Factory.StartNew(() => Work(connection), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Sessions opened so far, over all connections.</summary>
    public int ConnectionsOpened => _connections.Sum(c => c.Connects);

    public Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken = default) =>
        Enqueue(message, batch: null, cancellationToken);

    public Task<DeliveryResult> SendFromAsync(MimeMessage message, MailboxAddress envelopeSender, CancellationToken cancellationToken = default) =>
        Enqueue(message, batch: null, cancellationToken, envelopeSender);

    public async Task<IReadOnlyList<DeliveryResult>> SendBatchAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken = default)
    {
        var batch = new DeliveryBatch();
        var pending = new Task<DeliveryResult>[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            pending[i] = Enqueue(messages[i], batch, cancellationToken);
        }

        return await Task.WhenAll(pending);
    }

    private Task<DeliveryResult> Enqueue(MimeMessage message, DeliveryBatch? batch, CancellationToken cancellationToken, MailboxAddress? envelopeSender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var work = new DeliveryWork(message, batch, cancellationToken, envelopeSender);
        if (_stopping || !_queue.Writer.TryWrite(work))
        {
            return Task.FromResult(DeliveryResult.NotAttempted("the delivery pool is stopping"));
        }

        return work.Completion.Task;
    }

    private void Work(PooledSmtpConnection connection)
    {
        while (WaitForWork())
        {
            while (_queue.Reader.TryRead(out var work))
            {
                if (_stopping)
                {
                    work.Completion.TrySetResult(DeliveryResult.NotAttempted("the delivery pool is stopping"));
                    continue;
                }

                Deliver(connection, work);
            }
        }
    }

    /// <summary>Blocks the worker's own thread (not a pool thread) until there is work or the queue is completed.</summary>
    private bool WaitForWork()
    {
        var ready = _queue.Reader.WaitToReadAsync();
        return ready.IsCompletedSuccessfully ? ready.Result : ready.AsTask().GetAwaiter().GetResult();
    }

    private void Deliver(PooledSmtpConnection connection, DeliveryWork work)
    {
        if (work.Batch?.StoppedBy is { } fatal)
        {
            work.Completion.TrySetResult(DeliveryResult.NotAttempted($"batch stopped: {fatal}"));
            return;
        }

        if (work.CancellationToken.IsCancellationRequested)
        {
            work.Completion.TrySetCanceled(work.CancellationToken);
            return;
        }

        // The provider's quota is waited for before the message's own deadline starts; a message that gets no turn
        // within that deadline is not attempted (its digest waits for a later run, no attempt counted).
        using (var turn = CancellationTokenSource.CreateLinkedTokenSource(work.CancellationToken, _abort.Token))
        {
            bool allowed;
            try
            {
                allowed = _sendingRate.WaitForTurn(_options.SendTimeout, turn.Token);
            }
            catch (OperationCanceledException) when (work.CancellationToken.IsCancellationRequested)
            {
                work.Completion.TrySetCanceled(work.CancellationToken);
                return;
            }
            catch (OperationCanceledException)
            {
                allowed = false;
            }

            if (!allowed)
            {
                work.Completion.TrySetResult(DeliveryResult.NotAttempted("the sending quota (PaperMail:Smtp:MaxMessagesPerSecond / MaxMessagesPerHour) is used up for now"));
                return;
            }
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(work.CancellationToken, _abort.Token);
        limit.CancelAfter(_options.SendTimeout);
        DeliveryResult result;
        try
        {
            string reply;
            // A blocked read or write does not watch the token: the deadline or a cancellation closes the socket.
            using (limit.Token.UnsafeRegister(static state => ((PooledSmtpConnection)state!).Abort(), connection))
            {
                var client = connection.GetClient(limit.Token);
                reply = work.EnvelopeSender is { } sender
                    ? client.Send(work.Message, sender, work.Message.To.Mailboxes, limit.Token)
                    : client.Send(work.Message, limit.Token);
            }

            if (limit.IsCancellationRequested)
            {
                // Answered just as the socket was being closed under it: delivered, but the session is gone.
                connection.Discard();
            }
            else
            {
                connection.MarkUsed();
            }

            result = DeliveryResult.Delivered(reply);
        }
        catch (Exception exception) when (work.CancellationToken.IsCancellationRequested)
        {
            // MailKit leaves a cancelled client disconnected.
            _logger.LogDebug(exception, "Send cancelled by the caller");
            connection.Discard();
            work.Completion.TrySetCanceled(work.CancellationToken);
            return;
        }
        catch (Exception exception)
        {
            // Past the deadline, or on a forced stop, the socket was closed under the send: whatever MailKit threw then
            // (a closed stream, a failed TLS handshake, a disposed socket) says nothing about the message or the server.
            result = limit.IsCancellationRequested && exception is not SmtpCommandException
                ? DeliveryResult.Transient(null, _abort.IsCancellationRequested
                    ? "abandoned: the delivery pool was stopped"
                    : $"timed out: no answer within {_options.SendTimeout}")
                : SmtpFailureClassifier.Classify(exception);
            if (SmtpFailureClassifier.LeavesConnectionUsable(exception))
            {
                connection.MarkUsed();
            }
            else
            {
                connection.Discard();
            }

            // Addresses stay out of the logs: a hash lets an operator who knows the address find the line.
            _logger.LogWarning("SMTP delivery to {Recipients} failed: {Result}",
                string.Join(", ", work.Message.To.Mailboxes.Select(m => Core.Subscriptions.AddressHash.For(m.Address))),
                Core.Subscriptions.AddressHash.Scrub(result.ToString()));
        }

        if (result.StopsBatch)
        {
            work.Batch?.Stop(result);
        }

        work.Completion.TrySetResult(result);
    }

    /// <summary>
    /// Stops taking messages, lets each connection finish the message it is sending, reports queued messages as not
    /// attempted and closes the sessions. If <paramref name="cancellationToken"/> fires first, in-flight sends are
    /// abandoned (they come back as transient failures).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        using (cancellationToken.Register(() => _abort.Cancel()))
        {
            await Task.WhenAll(_workers);
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _abort.Dispose();
        _sendingRate.Dispose();
    }

    private sealed class DeliveryWork(MimeMessage message, DeliveryBatch? batch, CancellationToken cancellationToken, MailboxAddress? envelopeSender)
    {
        public MimeMessage Message { get; } = message;
        public MailboxAddress? EnvelopeSender { get; } = envelopeSender;
        public DeliveryBatch? Batch { get; } = batch;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<DeliveryResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class DeliveryBatch
    {
        private DeliveryResult? _stoppedBy;

        public DeliveryResult? StoppedBy => Volatile.Read(ref _stoppedBy);

        public void Stop(DeliveryResult fatal) => Interlocked.CompareExchange(ref _stoppedBy, fatal, null);
    }
}
