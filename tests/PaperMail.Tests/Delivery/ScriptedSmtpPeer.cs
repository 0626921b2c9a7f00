using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PaperMail.Tests.Delivery;

/// <summary>
/// A minimal SMTP peer on a raw TcpListener, for the faults the SmtpServer package's hooks cannot produce: a 421
/// greeting, no greeting at all, and the connection closing in the middle of DATA. Each accepted connection follows
/// the next script in the list; once the list is used up, connections behave like a plain accepting server.
/// </summary>
public sealed class ScriptedSmtpPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Script> _scripts;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public enum Script
    {
        /// <summary>Answers the connection with <c>421 4.3.2 Service not available</c> and closes it.</summary>
        Greeting421,

        /// <summary>Accepts the envelope and DATA, reads a few lines of the message, then closes the socket.</summary>
        DropMidData,

        /// <summary>Accepts everything.</summary>
        Accept,

        /// <summary>Accepts the connection and never says a word, not even the greeting.</summary>
        Silent,
    }

    public ScriptedSmtpPeer(params Script[] scripts)
    {
        _scripts = new ConcurrentQueue<Script>(scripts);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Subject lines of the messages answered with 250.</summary>
    public ConcurrentQueue<string> AcceptedSubjects { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient socket;
            try
            {
                socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            var script = _scripts.TryDequeue(out var next) ? next : Script.Accept;
            _ = Task.Run(() => ServeAsync(socket, script));
        }
    }

    private async Task ServeAsync(TcpClient socket, Script script)
    {
        using (socket)
        {
            try
            {
                await using var stream = socket.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                if (script == Script.Silent)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                if (script == Script.Greeting421)
                {
                    await writer.WriteLineAsync("421 4.3.2 Service not available, try again later");
                    return;
                }

                await writer.WriteLineAsync("220 scripted.papermail.test ESMTP");
                string? subject = null;
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-scripted.papermail.test");
                            await writer.WriteLineAsync("250 8BITMIME");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 go ahead");
                            var read = 0;
                            while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            {
                                if (dataLine.StartsWith("Subject: ", StringComparison.Ordinal))
                                {
                                    subject = dataLine["Subject: ".Length..];
                                }

                                if (script == Script.DropMidData && ++read == 5)
                                {
                                    socket.Client.Close();
                                    return;
                                }
                            }

                            AcceptedSubjects.Enqueue(subject ?? "");
                            await writer.WriteLineAsync("250 2.0.0 queued");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 ok");
                            break;
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
        }
    }
}
