using System.Net;
using System.Net.Sockets;

namespace PaperMail.Tests.Support;

/// <summary>Ports on 127.0.0.1 for servers that tests and tools start themselves.</summary>
public static class LocalPorts
{
    /// <summary>A port nothing listens on right now (the OS picks it; a tiny race is acceptable for tests).</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits (at most about 2 s) until something accepts connections on <paramref name="port"/>.</summary>
    public static async Task WaitUntilListeningAsync(int port, string what)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
        throw new InvalidOperationException($"{what} did not listen on port {port}");
    }
}
