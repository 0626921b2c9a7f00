using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;
using PaperMail.Store.Sqlite;

namespace PaperMail.Web.Storage;

public static class StorageExtensions
{
    public const string ConnectionStringName = "PaperMail";
    public const string DefaultConnectionString = "Data Source=data/papermail.db";

    /// <summary>SQLite stores behind Core's interfaces; a PostgreSQL deployment would register its own here.</summary>
    public static WebApplicationBuilder AddPaperMailStore(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString)) connectionString = DefaultConnectionString;
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton(_ => new SqliteDatabase(connectionString, contentRoot));
        builder.Services.AddSingleton<IPaperStore, SqlitePaperStore>();
        builder.Services.AddSingleton<ISourceRunStore, SqliteSourceRunStore>();
        return builder;
    }

    /// <summary>Applies pending migrations before anything else touches the database.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetService<PaperMail.Store.Postgres.PostgresDatabase>() is { } postgres)
        {
            var done = await PaperMail.Store.Postgres.PostgresMigrator.MigrateAsync(postgres, app.Lifetime.ApplicationStopping);
            app.Logger.LogInformation("PostgreSQL database: schema version {Version} ({Applied} migrations applied now)",
                PaperMail.Store.Postgres.PostgresMigrator.LatestVersion, done);
            return;
        }
        var database = app.Services.GetRequiredService<SqliteDatabase>();
        var applied = await SqliteMigrator.MigrateAsync(database, app.Lifetime.ApplicationStopping);
        app.Logger.LogInformation("Database {Path}: schema version {Version} ({Applied} migrations applied now)",
            database.FilePath, SqliteMigrator.LatestVersion, applied);
    }
}
