using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Store.Postgres;
using PaperMail.Store.Shared;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Semantic;

/// <summary>The whole app on PostgreSQL with PaperMail:Semantic:Enabled, the deterministic embedder in place of the model.</summary>
[Collection(nameof(PostgresAppCollection))]
public sealed class SemanticOnPostgresTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private sealed record Preview(int Embedded, IReadOnlyList<PreviewPaper> Papers);

    private sealed record PreviewPaper(string Id);

    [Fact]
    public async Task OnPostgreSqlPapersAreEmbeddedIntoItsTablesAndThePreviewFindsTheNearOne()
    {
        var database = await cluster.CreateEmptyDatabaseAsync();
        await using var app = new PaperMailApp()
            .With("PaperMail:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:PaperMail", cluster.ConnectionString(database))
            .With("PaperMail:Semantic:Enabled", "true")
            .WithServices(services =>
            {
                services.AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
                services.Replace(ServiceDescriptor.Singleton<ITextEmbedder>(new FakeTextEmbedder()));
            });
        using var client = app.CreateClient();
        await app.Services.GetRequiredService<IPaperStore>().UpsertAsync("test", [
            new IncomingPaper { Id = "2611.00001", Title = "Wheat yield forecasting from satellite images", Abstract = "We forecast wheat yield from satellite images.", PublishedAt = Now },
            new IncomingPaper { Id = "2611.00002", Title = "Streaming speech recognition on phones", Abstract = "A small recogniser transcribes speech on phones.", PublishedAt = Now },
        ], Now);
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<PaperEmbedder>().EmbedPendingAsync(100, CancellationToken.None));
        }

        var preview = await client.GetFromJsonAsync<Preview>("/api/preview/similar?description=wheat+yield+from+satellite+images&threshold=0.5");

        // The semantic store is written once: it runs on PostgreSQL's database here.
        Assert.IsType<SemanticStore>(app.Services.GetRequiredService<ISemanticStore>());
        Assert.IsType<PostgresDatabase>(app.Services.GetRequiredService<IStoreDatabase>());
        Assert.Equal(2, preview!.Embedded);
        Assert.Equal(["2611.00001"], preview.Papers.Select(p => p.Id));
    }
}
