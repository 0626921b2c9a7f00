using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PaperMail.Tests.MultiNode;

/// <summary>
/// A bare SMTP sink on 127.0.0.1 that takes its time over each message (<see cref="DataDelay"/> before the final 250),
/// so a run of a thousand digests lasts seconds; it counts the messages it accepted per recipient. The SmtpServer
/// package is too slow for a thousand messages; this one only speaks what PaperMail's sender needs.
/// </summary>
public sealed class SlowSmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SlowSmtpSink(TimeSpan dataDelay)
    {
        DataDelay = dataDelay;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }
    public TimeSpan DataDelay { get; }

    /// <summary>Messages accepted (250 after DATA), by recipient.</summary>
    public ConcurrentDictionary<string, int> Accepted { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Total => Accepted.Values.Sum();

    /// <summary>Each acceptance as it happened: the recipient and a <see cref="Stopwatch"/> timestamp.</summary>
    public ConcurrentQueue<(string To, long At)> AcceptedAt { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, false, 8192, leaveOpen: true);
            await using var writer = new StreamWriter(stream, Encoding.ASCII, 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink ready");
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO": await writer.WriteLineAsync("250-sink\r\n250 8BITMIME"); break;
                    case "HELO": await writer.WriteLineAsync("250 sink"); break;
                    case "MAIL": recipients.Clear(); await writer.WriteLineAsync("250 ok"); break;
                    case "RCPT":
                        recipients.Add(line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.LastIndexOf('>')]);
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go on");
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".") { }
                        await Task.Delay(DataDelay, _stop.Token);
                        foreach (var to in recipients) Accepted.AddOrUpdate(to, 1, (_, n) => n + 1);
                        foreach (var to in recipients) AcceptedAt.Enqueue((to, Stopwatch.GetTimestamp()));
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "RSET": recipients.Clear(); await writer.WriteLineAsync("250 ok"); break;
                    case "NOOP": await writer.WriteLineAsync("250 ok"); break;
                    case "QUIT": await writer.WriteLineAsync("221 bye"); return;
                    default: await writer.WriteLineAsync("502 not here"); break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A client that went away (a killed node) ends its session.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
