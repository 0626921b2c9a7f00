using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaperMail.Tests.Support;

/// <summary>
/// Stands in for the internet: a real Kestrel server on 127.0.0.1 serving the recorded responses in tests/fixtures.
/// <list type="bullet">
/// <item><c>/hf/daily_papers?date=D</c>: the recorded Hugging Face day D (or what a test put in <see cref="HuggingFaceDays"/>
/// for D), or <c>[]</c> for a day not recorded.</item>
/// <item><c>/files/{name}</c>: a fixture file as recorded; <c>/status/{code}/{name}</c>: the same body with that status.</item>
/// <item><c>/stall</c>: never answers within a test's timeout; <c>/flaky/{name}</c>: 503 on the first call, then the file;
/// <c>/flaky/{code}/{name}</c>: that status on the first call, then the file.</item>
/// <item><c>/body/{key}</c>: whatever a test put in <see cref="Bodies"/>; <c>/bytes/{key}</c>: the same from <see cref="BinaryBodies"/>.</item>
/// <item><c>/trickle?everyMs=N</c>: headers at once, then one byte every N ms for as long as the client listens.</item>
/// </list>
/// Every request path and query is recorded in <see cref="Requests"/>.
/// </summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _flakyCalls = new();

    private FixtureServer(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentDictionary<string, string> Bodies { get; } = new();

    /// <summary>Hugging Face days a test rewrote (upvotes that grew, a paper listed again), by date.</summary>
    public ConcurrentDictionary<string, string> HuggingFaceDays { get; } = new();

    public ConcurrentDictionary<string, byte[]> BinaryBodies { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    public static async Task<FixtureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FixtureServer(app);
        server.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            await next(context);
        });
        app.MapGet("/hf/daily_papers", (string date) =>
        {
            if (HuggingFaceDays.TryGetValue(date, out var rewritten)) return Results.Text(rewritten, "application/json");
            var file = RepoPaths.Fixture($"hf-daily-papers-{date}.json");
            return File.Exists(file) ? Results.File(file, "application/json") : Results.Text("[]", "application/json");
        });
        app.MapGet("/files/{name}", (string name) => FixtureFile(name, 200));
        app.MapGet("/status/{code:int}/{name}", (int code, string name) => FixtureFile(name, code));
        app.MapGet("/flaky/{name}", (string name) =>
            _flakyCalls.AddOrUpdate(name, 1, (_, n) => n + 1) == 1 ? Results.StatusCode(503) : FixtureFile(name, 200));
        app.MapGet("/flaky/{code:int}/{name}", (int code, string name) =>
            _flakyCalls.AddOrUpdate($"{code}/{name}", 1, (_, n) => n + 1) == 1 ? Results.StatusCode(code) : FixtureFile(name, 200));
        app.MapGet("/stall", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromMinutes(5), ct);
            return Results.Ok();
        });
        app.MapGet("/body/{key}", (string key) =>
            Bodies.TryGetValue(key, out var body) ? Results.Text(body, "application/xml") : Results.NotFound());
        app.MapGet("/bytes/{key}", (string key) =>
            BinaryBodies.TryGetValue(key, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound());
        // Headers at once, then the start of a JSON array and one space every everyMs milliseconds, until the client leaves.
        app.MapGet("/trickle", async (HttpContext context, int everyMs) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.WriteAsync("[", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await Task.Delay(everyMs, context.RequestAborted);
                    await context.Response.WriteAsync(" ", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The client gave up: what the test wanted.
            }
        });
    }

    private static IResult FixtureFile(string name, int status)
    {
        var file = RepoPaths.Fixture(Path.GetFileName(name));
        if (!File.Exists(file)) return Results.NotFound();
        var type = name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/xml";
        return Results.Text(File.ReadAllText(file), type, statusCode: status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
