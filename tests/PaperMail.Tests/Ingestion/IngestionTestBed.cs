using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Ingestion;

/// <summary>The app with its real ingestion wiring, pointed at the fixture server, on a clock the test sets.</summary>
public sealed class IngestionTestBed : IAsyncDisposable
{
    private IngestionTestBed(FixtureServer server, PaperMailApp app, FakeTimeProvider clock)
    {
        Server = server;
        App = app;
        Clock = clock;
    }

    public FixtureServer Server { get; }
    public PaperMailApp App { get; }
    public FakeTimeProvider Clock { get; }
    public IPaperStore Papers => App.Services.GetRequiredService<IPaperStore>();

    /// <param name="configure">Adds sources; receives the fixture server for URLs.</param>
    public static async Task<IngestionTestBed> StartAsync(Action<PaperMailApp, FixtureServer> configure, DateTimeOffset? now = null)
    {
        var server = await FixtureServer.StartAsync();
        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var app = new PaperMailApp().WithServices(s => s.AddSingleton<TimeProvider>(clock));
        configure(app, server);
        _ = app.Services; // start the host: migrations run
        return new IngestionTestBed(server, app, clock);
    }

    public async Task<IReadOnlyList<SourceRun>> IngestAsync()
    {
        // Awaited inside the scope: the run's scoped services live until it ends.
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
    }
}
