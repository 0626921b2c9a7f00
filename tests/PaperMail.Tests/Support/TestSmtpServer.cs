using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PaperMail.Tests.Support;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer package) that keeps every message, parsed with MimeKit.
/// It handles about 20 messages a second: keep message counts small.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<MimeMessage> _arrivals = Channel.CreateUnbounded<MimeMessage>();
    private readonly List<MimeMessage> _received = [];
    private readonly Task _running;

    /// <param name="certificate">Offer STARTTLS with this certificate, or with <paramref name="implicitTls"/> speak TLS from the first byte.</param>
    /// <param name="port">Listen here (a relay that comes back where the app already points), else on a free port.</param>
    public TestSmtpServer(X509Certificate2? certificate = null, bool implicitTls = false, int? port = null)
    {
        Port = port ?? LocalPorts.Free();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("test-smtp.local")
            .Endpoint(e =>
            {
                e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (certificate is not null) e.Certificate(certificate).IsSecure(implicitTls);
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    /// <summary>Settings that point PaperMail's sender at this server.</summary>
    public PaperMailApp Configure(PaperMailApp app) => app
        .With("PaperMail:Smtp:Host", "127.0.0.1")
        .With("PaperMail:Smtp:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("PaperMail:Smtp:Security", "None")
        .With("PaperMail:Smtp:FromAddress", "alerts@papermail.example")
        .With("PaperMail:Smtp:FromName", "PaperMail");

    /// <summary>The next message to arrive (in order), or a failure after <paramref name="timeout"/>.</summary>
    public async Task<MimeMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            return await _arrivals.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No email arrived at the test SMTP server.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            lock (server._received) server._received.Add(message);
            await server._arrivals.Writer.WriteAsync(message, cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}
