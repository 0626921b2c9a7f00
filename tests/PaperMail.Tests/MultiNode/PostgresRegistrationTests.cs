using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Store.Postgres;
using PaperMail.Store.Shared;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MultiNode;

/// <summary>
/// On PostgreSQL no feature is left on SQLite: every store interface resolves to a store that runs on the PostgreSQL
/// database: each is written once and must hold PostgreSQL's <see cref="IStoreDatabase"/> (and no other provider's
/// database or dialect).
/// </summary>
[Collection(nameof(PostgresAppCollection))]
public sealed class PostgresRegistrationTests(PostgresCluster cluster)
{
    [Fact]
    public async Task OnPostgreSqlNoServiceIsASqliteStore()
    {
        var database = await cluster.CreateEmptyDatabaseAsync();
        IServiceCollection? services = null;
        await using var app = new PaperMailApp()
            .With("PaperMail:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:PaperMail", cluster.ConnectionString(database))
            .WithServices(s => services = s);
        _ = app.Services;

        var storeInterfaces = services!.Select(d => d.ServiceType)
            .Where(t => t.IsInterface && t.Namespace?.StartsWith("PaperMail.Core", StringComparison.Ordinal) == true
                && (t.Name.EndsWith("Store", StringComparison.Ordinal) || t.Name == "IOperationsCounts"))
            .Distinct().ToList();
        Assert.Contains(storeInterfaces, t => t.Name == "IImportStore");
        // The three written once last, so the selection above cannot miss them.
        Assert.Contains(storeInterfaces, t => t.Name == "IDigestStore");
        Assert.Contains(storeInterfaces, t => t.Name == "IMatchStore");
        Assert.Contains(storeInterfaces, t => t.Name == "ISemanticStore");
        var postgresDialect = app.Services.GetRequiredService<PostgresDatabase>().Dialect;
        using var scope = app.Services.CreateScope();
        foreach (var type in storeInterfaces)
        {
            var store = scope.ServiceProvider.GetRequiredService(type);
            Assert.NotEqual("PaperMail.Store.Sqlite", store.GetType().Namespace);
            var held = DatabasesHeldBy(store);
            Assert.True(held.Count > 0, $"{type.Name} resolves to {store.GetType().Name}, which holds no database");
            Assert.All(held, d => Assert.True(d is PostgresDatabase || ReferenceEquals(d, postgresDialect),
                $"{type.Name} resolves to {store.GetType().Name} on {d.GetType().Name}"));
        }
    }

    /// <summary>The databases and dialects a store keeps in its fields (a primary constructor's parameter is one).</summary>
    private static List<object> DatabasesHeldBy(object store) =>
        [.. store.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(f => f.GetValue(store))
            .Where(v => v is IStoreDatabase or SqlDialect)
            .Cast<object>()];
}
