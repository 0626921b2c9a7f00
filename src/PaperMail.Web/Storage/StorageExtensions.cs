using PaperMail.Core.Admin;
using PaperMail.Core.Bounces;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Core.Housekeeping;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Operations;
using PaperMail.Core.Papers;
using PaperMail.Core.Portability;
using PaperMail.Core.Scheduling;
using PaperMail.Core.Semantic;
using PaperMail.Core.Subscriptions;
using PaperMail.Core.Trending;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;

namespace PaperMail.Web.Storage;

public static class StorageExtensions
{
    public const string ConnectionStringName = "PaperMail";
    public const string DefaultConnectionString = "Data Source=data/papermail.db";

    /// <summary>
    /// Every store behind Core's interfaces, in one place. The stores in PaperMail.Store.Shared run on whichever
    /// <see cref="IStoreDatabase"/> is registered: SQLite's here, PostgreSQL's when
    /// <see cref="PostgresStorageExtensions.AddPostgreSqlWhenConfigured"/> swaps it in.
    /// </summary>
    public static WebApplicationBuilder AddPaperMailStore(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString)) connectionString = DefaultConnectionString;
        var contentRoot = builder.Environment.ContentRootPath;
        var services = builder.Services;
        services.AddSingleton(_ => new SqliteDatabase(connectionString, contentRoot));
        services.AddSingleton<IStoreDatabase>(sp => sp.GetRequiredService<SqliteDatabase>());

        services.AddSingleton<IPaperStore, PaperStore>();
        services.AddSingleton<ISourceRunStore, SourceRunStore>();
        services.AddSingleton<ITrendingStore, TrendingStore>();
        services.AddSingleton<IPortabilityStore, PortabilityStore>();
        services.AddSingleton<IImportStore, ImportStore>();
        services.AddSingleton<IOverviewStore, OverviewStore>();
        services.AddSingleton<ISubscriberAdminStore, SubscriberAdminStore>();
        services.AddSingleton<IOperationsHistoryStore, OperationsHistoryStore>();
        services.AddSingleton<IOperationsCounts, OperationsCounts>();
        services.AddSingleton<IBounceStore, BounceStore>();
        services.AddSingleton<ISuppressionStore, SuppressionStore>();
        services.AddSingleton<IDeliveryStatusStore, DeliveryStatusStore>();
        services.AddSingleton<IHousekeepingStore, HousekeepingStore>();
        services.AddSingleton<ISubscriberTimeZoneStore, SubscriberTimeZoneStore>();
        services.AddSingleton<IJobHistoryStore, JobHistoryStore>();
        services.AddSingleton<ISourceHealthStore, SourceHealthStore>(); // the admin overview's source health
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<SubscriptionStore>());
        services.AddSingleton<ISubscriptionLinkStore>(sp => sp.GetRequiredService<SubscriptionStore>());
        services.AddSingleton<IDigestStore, DigestStore>();
        services.AddSingleton<IMatchStore, MatchStore>();
        services.AddSingleton<ISemanticStore, SemanticStore>();
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
