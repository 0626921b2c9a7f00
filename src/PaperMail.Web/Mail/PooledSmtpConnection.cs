using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace PaperMail.Web.Mail;

/// <summary>
/// One pool slot's MailKit client: connected on first use, reused for message after message, replaced after anything
/// that leaves it unusable. Used by one worker at a time (SmtpClient is not thread-safe).
/// </summary>
internal sealed class PooledSmtpConnection(SmtpOptions options) : IAsyncDisposable
{
    private SmtpClient? _client;
    private Socket? _socket;
    private long _lastUsed;

    /// <summary>How many times this slot has opened a session.</summary>
    public int Connects { get; private set; }

    /// <summary>
    /// The connected client, opening a session first if there is none or the idle one is gone. Synchronous, for the
    /// pool's worker threads; nothing here watches the token while blocked in the socket, so the caller closes the
    /// socket (<see cref="Abort"/>) when its deadline passes or it is cancelled.
    /// </summary>
    public SmtpClient GetClient(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } client)
        {
            if (Stopwatch.GetElapsedTime(_lastUsed) < options.IdleProbeAfter)
            {
                return client;
            }

            try
            {
                client.NoOp(cancellationToken);
                return client;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The server closed the idle session; open a fresh one below.
            }
        }

        Discard();
        var fresh = new SmtpClient { Timeout = (int)options.CommandTimeout.TotalMilliseconds };
        if (!string.IsNullOrEmpty(options.CertificateSha256))
        {
            fresh.ServerCertificateValidationCallback = AcceptTrustedOrPinned(options.CertificateSha256);
        }
        if (!string.IsNullOrEmpty(options.LocalDomain))
        {
            fresh.LocalDomain = options.LocalDomain;
        }

        try
        {
            var connection = new SmtpConnectionStream(new NetworkStream(ConnectSocket(cancellationToken), ownsSocket: true));
            fresh.Connect(connection, options.Host, options.Port, ToMailKit(options.Security, options.Port, !string.IsNullOrEmpty(options.Username)), cancellationToken);
            if (!string.IsNullOrEmpty(options.Username))
            {
                fresh.Authenticate(options.Username, options.Password ?? "", cancellationToken);
            }
        }
        catch
        {
            fresh.Dispose();
            Discard();
            throw;
        }

        _client = fresh;
        Connects++;
        return fresh;
    }

    /// <summary>
    /// Opens the TCP connection with Nagle's algorithm off. MailKit writes a message in chunks and then waits for the
    /// reply; with Nagle on, the short final chunk (the end-of-data dot) waits for the server's delayed ACK on every
    /// message.
    /// </summary>
    /// <remarks>
    /// Connected synchronously and used only synchronously, the socket stays in blocking mode: a read sleeps in the
    /// kernel until the reply comes. One asynchronous operation would switch it to non-blocking for good, and every
    /// read after that would wait for .NET's socket engine thread to wake it, two thread switches per reply.
    /// </remarks>
    private Socket ConnectSocket(CancellationToken cancellationToken)
    {
        // Synchronous: on Linux the async lookup is this same blocking call on a pool thread, and no more cancellable.
        var addresses = Dns.GetHostAddresses(options.Host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // Published before connecting, so that Abort can close it under a connect that hangs. A full fence: the check
        // of the token below must not be read before the socket is visible to Abort.
        Interlocked.Exchange(ref _socket, socket);
        cancellationToken.ThrowIfCancellationRequested();
        socket.Connect(addresses, options.Port);
        // MailKit sets its timeouts on the stream only after a TLS-on-connect handshake; until then, these bound it.
        var timeout = (int)options.CommandTimeout.TotalMilliseconds;
        socket.ReceiveTimeout = timeout;
        socket.SendTimeout = timeout;
        return socket;
    }

    public void MarkUsed() => _lastUsed = Stopwatch.GetTimestamp();

    /// <summary>Drops the client without QUIT: after a timeout, cancellation or drop there is no session to end.</summary>
    public void Discard()
    {
        _client?.Dispose();
        _client = null;
        // Also when the session never opened: MailKit only owns the socket once connected.
        Interlocked.Exchange(ref _socket, null)?.Dispose();
    }

    /// <summary>
    /// Closes the socket under a send blocked in it, from another thread (a deadline or a cancellation): the blocked
    /// read or write then fails at once. The worker discards the client afterwards.
    /// </summary>
    public void Abort()
    {
        try
        {
            Volatile.Read(ref _socket)?.Dispose();
        }
        catch (Exception)
        {
            // Closing is all that is wanted; a socket already closed is fine.
        }
    }

    /// <summary>Ends the session politely (QUIT), giving up after a short wait.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is { IsConnected: true } client)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
            catch (Exception)
            {
                // Closing anyway.
            }
        }

        Discard();
    }

    /// <summary>The system's verdict, or else the exact certificate the operator pinned (any other one is refused).</summary>
    private static RemoteCertificateValidationCallback AcceptTrustedOrPinned(string sha256)
    {
        var pinned = Convert.FromHexString(sha256.Replace(":", "", StringComparison.Ordinal));
        return (_, certificate, _, errors) => errors == SslPolicyErrors.None
            || (certificate is not null && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), pinned));
    }

    /// <summary>
    /// MailKit's choice for the configured security. Auto with credentials requires STARTTLS (MailKit's own Auto would
    /// authenticate in clear on a server that does not offer it): a server without it is then a configuration error.
    /// </summary>
    internal static SecureSocketOptions ToMailKit(SmtpSecurity security, int port = 0, bool authenticates = false) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ when authenticates => port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.Auto,
    };
}
