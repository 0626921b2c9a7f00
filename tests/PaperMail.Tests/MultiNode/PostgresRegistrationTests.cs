using Microsoft.Extensions.DependencyInjection;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.MultiNode;

/// <summary>On PostgreSQL no feature is left on a SQLite store: every store interface resolves to its PostgreSQL twin.</summary>
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
        using var scope = app.Services.CreateScope();
        var resolved = storeInterfaces.Select(t => (t.Name, Implementation: scope.ServiceProvider.GetRequiredService(t).GetType())).ToList();
        Assert.All(resolved, r => Assert.Equal("PaperMail.Store.Postgres", r.Implementation.Namespace));
    }
}
