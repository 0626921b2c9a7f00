using PaperMail.Tests.Support;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PaperMail.Tests.Delivery;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 whose replies a test can spoil: set a fault before
/// sending and the server answers with it at that stage. Counts sessions, including how many were open at once.
/// 421 at greeting and a drop in the middle of DATA are not reachable through this package's hooks; see
/// <see cref="ScriptedSmtpPeer"/> for those.
/// </summary>
public sealed class FaultInjectingSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _sessionsStarted;
    private int _openSessions;
    private int _maxOpenSessions;

    private FaultInjectingSmtpServer(int port, bool withAuthentication)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("faults.papermail.test")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port));
                if (withAuthentication)
                {
                    endpoint.AllowUnsecureAuthentication(true).AuthenticationRequired(true);
                }
            })
            .Build();
        var services = new ServiceProvider();
        services.Add(new Filter(this));
        services.Add(new Store(this));
        services.Add(new DelegatingUserAuthenticator((_, user, password) => user == "papermail" && password == AcceptedPassword));
        _server = new SmtpServer.SmtpServer(options, services);
        // A session counts once it sends a command, so the start-up probe's bare connection is not counted.
        _server.SessionCreated += (_, created) => created.Context.CommandExecuting += (_, executing) =>
        {
            if (executing.Context.Properties.TryAdd(CountedKey, true))
            {
                Interlocked.Increment(ref _sessionsStarted);
                InterlockedMax(ref _maxOpenSessions, Interlocked.Increment(ref _openSessions));
            }
        };
        _server.SessionCompleted += (_, e) => SessionEnded(e.Context);
        _server.SessionFaulted += (_, e) => SessionEnded(e.Context);
        _server.SessionCancelled += (_, e) => SessionEnded(e.Context);
        _running = _server.StartAsync(_stop.Token);
    }

    private const string CountedKey = "papermail-test-counted";

    public const string AcceptedPassword = "correct horse";

    public int Port { get; }

    /// <summary>Messages the server accepted (250 after DATA), with their envelope recipients.</summary>
    public ConcurrentQueue<(IReadOnlyList<string> Recipients, MimeMessage Message)> Accepted { get; } = new();

    /// <summary>The envelope of every accepted message: MAIL FROM and its recipients.</summary>
    public ConcurrentQueue<(string From, IReadOnlyList<string> Recipients)> Envelopes { get; } = new();

    public int SessionsStarted => Volatile.Read(ref _sessionsStarted);

    public int OpenSessions => Volatile.Read(ref _openSessions);

    public int MaxOpenSessions => Volatile.Read(ref _maxOpenSessions);

    /// <summary>Reply to MAIL FROM instead of 250, e.g. 553.</summary>
    public SmtpResponse? MailFromFault { get; set; }

    /// <summary>Reply to RCPT TO for an address instead of 250 (null: accept).</summary>
    public Func<string, SmtpResponse?> RecipientFault { get; set; } = _ => null;

    /// <summary>Reply to the end of DATA instead of 250 (null: accept).</summary>
    public Func<MimeMessage, SmtpResponse?> DataFault { get; set; } = _ => null;

    /// <summary>How long the server sits on a received message before answering; a stall is a long delay.</summary>
    public TimeSpan DataDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Completes when the server first has a whole message in hand (before <see cref="DataDelay"/>).</summary>
    public TaskCompletionSource FirstDataReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static SmtpResponse Reply(int code, string text) => new((SmtpReplyCode)code, text);

    public static async Task<FaultInjectingSmtpServer> StartAsync(bool withAuthentication = false)
    {
        var server = new FaultInjectingSmtpServer(LocalPorts.Free(), withAuthentication);
        await LocalPorts.WaitUntilListeningAsync(server.Port, "SMTP test server");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
        }
        catch (TimeoutException)
        {
        }

        _stop.Dispose();
    }


    private void SessionEnded(ISessionContext context)
    {
        if (context.Properties.ContainsKey(CountedKey))
        {
            Interlocked.Decrement(ref _openSessions);
        }
    }


    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private sealed class Filter(FaultInjectingSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            server.MailFromFault is { } fault ? throw new SmtpResponseException(fault) : Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            server.RecipientFault(to.AsAddress()) is { } fault ? throw new SmtpResponseException(fault) : Task.FromResult(true);
    }

    private sealed class Store(FaultInjectingSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var message = MimeMessage.Load(new MemoryStream(buffer.ToArray()), CancellationToken.None);
            server.FirstDataReceived.TrySetResult();
            if (server.DataDelay > TimeSpan.Zero)
            {
                await Task.Delay(server.DataDelay, cancellationToken);
            }

            if (server.DataFault(message) is { } fault)
            {
                return fault;
            }

            server.Accepted.Enqueue((transaction.To.Select(m => m.AsAddress()).ToList(), message));
            server.Envelopes.Enqueue((transaction.From.AsAddress(), transaction.To.Select(m => m.AsAddress()).ToList()));
            return SmtpResponse.Ok;
        }
    }
}
