using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace PaperMail.Web.Delivery;

/// <summary>
/// One pool slot's MailKit client: connected on first use, reused for message after message, replaced after anything
/// that leaves it unusable. Used by one worker at a time (SmtpClient is not thread-safe).
/// </summary>
internal sealed class PooledSmtpConnection(SmtpDeliveryOptions options) : IAsyncDisposable
{
    private SmtpClient? _client;
    private long _lastUsed;

    /// <summary>How many times this slot has opened a session.</summary>
    public int Connects { get; private set; }

    public async Task<SmtpClient> GetClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } client)
        {
            if (Stopwatch.GetElapsedTime(_lastUsed) < options.IdleProbeAfter)
            {
                return client;
            }

            try
            {
                await client.NoOpAsync(cancellationToken);
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
            var connection = new SmtpConnectionStream(new NetworkStream(await ConnectSocketAsync(cancellationToken), ownsSocket: true));
            await fresh.ConnectAsync(connection, options.Host, options.Port, ToMailKit(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.Username))
            {
                await fresh.AuthenticateAsync(options.Username, options.Password ?? "", cancellationToken);
            }
        }
        catch
        {
            fresh.Dispose();
            throw;
        }

        _client = fresh;
        Connects++;
        return fresh;
    }

    /// <summary>
    /// Opens the TCP connection with Nagle's algorithm off. MailKit writes a message in chunks and then waits for the
    /// reply; with Nagle on, the short final chunk (the end-of-data dot) waits for the server's delayed ACK, which
    /// costs ~40 ms per message against smtp-sink.
    /// </summary>
    private async Task<Socket> ConnectSocketAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void MarkUsed() => _lastUsed = Stopwatch.GetTimestamp();

    /// <summary>Drops the client without QUIT: after a timeout, cancellation or drop there is no session to end.</summary>
    public void Discard()
    {
        _client?.Dispose();
        _client = null;
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

    internal static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
