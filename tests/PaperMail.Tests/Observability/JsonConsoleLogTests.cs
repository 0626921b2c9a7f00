using System.Diagnostics;
using System.Text.Json;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Observability;

/// <summary>The built app started as its own process, as an operator runs it, with JSON console logs switched on.</summary>
public class JsonConsoleLogTests
{
    [Fact]
    public async Task WithTheJsonFormatterEveryConsoleLineIsAJsonObject()
    {
        using var folder = new TempFolder();
        var port = LocalPorts.Free();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "PaperMail.Web.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__Console__FormatterName"] = "json",
            ["ConnectionStrings__PaperMail"] = $"Data Source={folder.File("papermail.db")}",
            ["PaperMail__PublicBaseUrl"] = "http://localhost",
            ["PaperMail__Admin__Password"] = PaperMailApp.AdminPasswordHash,
            ["PaperMail__Schedules__Ingest"] = PaperMailApp.Never,
            ["PaperMail__Schedules__Match"] = PaperMailApp.Never,
            ["PaperMail__Schedules__Digest"] = PaperMailApp.Never,
            ["PaperMail__Smtp__Host"] = "127.0.0.1",
            ["PaperMail__Smtp__FromAddress"] = "alerts@papermail.example",
        })
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            // Hang-only bound: the app logs "Now listening on" once Kestrel is up.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.Contains("Now listening on", StringComparison.Ordinal)) break;
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var listening = lines.LastOrDefault() ?? "";
        Assert.Contains("Now listening on", listening);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        var json = JsonDocument.Parse(listening).RootElement;
        Assert.Equal("Information", json.GetProperty("LogLevel").GetString());
        Assert.Equal("Microsoft.Hosting.Lifetime", json.GetProperty("Category").GetString());
        Assert.Equal($"http://127.0.0.1:{port}", json.GetProperty("State").GetProperty("address").GetString());
    }
}
