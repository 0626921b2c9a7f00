using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MultiNode;

/// <summary>
/// One PaperMail node as a real process: <c>dotnet PaperMail.Web.dll</c> (built next to the tests), Kestrel on
/// 127.0.0.1 and a free port, every setting through environment variables, its console log kept for assertions.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private NodeProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", PaperMailApp.ApiKey);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Port { get; }
    public HttpClient Client { get; }
    public IReadOnlyList<string> Log => [.. _log];
    public bool HasExited => _process.HasExited;

    /// <summary>The settings every test node starts with (as <see cref="PaperMailApp"/>'s): no schedule fires on its own.</summary>
    public static Dictionary<string, string> BaseSettings(int smtpPort) => new(StringComparer.Ordinal)
    {
        ["PaperMail:PublicBaseUrl"] = "http://localhost",
        ["PaperMail:Admin:ApiKey"] = PaperMailApp.ApiKey,
        ["PaperMail:Admin:Password"] = PaperMailApp.AdminPasswordHash,
        ["PaperMail:Schedules:Ingest"] = PaperMailApp.Never,
        ["PaperMail:Schedules:Match"] = PaperMailApp.Never,
        ["PaperMail:Schedules:Digest"] = PaperMailApp.Never,
        ["PaperMail:Bounces:Schedule"] = PaperMailApp.Never,
        ["PaperMail:Schedules:Housekeeping"] = PaperMailApp.Never,
        ["PaperMail:IngestOnStart"] = "false",
        ["PaperMail:Digest:SendHourUtc"] = "0",
        ["PaperMail:Smtp:Host"] = "127.0.0.1",
        ["PaperMail:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["PaperMail:Smtp:Security"] = "None",
        ["PaperMail:Smtp:FromAddress"] = "alerts@papermail.example",
    };

    public static async Task<NodeProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var port = LocalPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PaperMail.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["PaperMail__Digest__NodeName"] = name;
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var node = new NodeProcess(name, port, Process.Start(start)!);
        for (var i = 0; i < 1200; i++)
        {
            if (node.HasExited) throw new InvalidOperationException($"Node {name} exited on start:\n{string.Join('\n', node.Log)}");
            try
            {
                if ((await node.Client.GetAsync("/healthz")).IsSuccessStatusCode) return node;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        await node.DisposeAsync();
        throw new TimeoutException($"Node {name} did not answer /healthz within 60 s");
    }

    /// <summary>Runs the recurring job <paramref name="job"/> now on this node (through the admin API).</summary>
    public async Task<string> TriggerAsync(string job)
    {
        var response = await Client.PostAsync($"/api/admin/jobs/{job}", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary><c>kill -9</c>: no shutdown, no release of anything it held.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Client.Dispose();
    }
}
