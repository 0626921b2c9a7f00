using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
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
using PaperMail.Core.Semantic;
using PaperMail.Core.Subscriptions;
using PaperMail.Core.Trending;
using PaperMail.Store.Postgres;
using PaperMail.Web.Health;

namespace PaperMail.Web.Storage;

/// <summary>
/// <c>PaperMail:Database:Provider = PostgreSql</c>: every store becomes its PostgreSQL twin, Hangfire keeps its jobs in
/// the same database (recurring jobs then fire once across nodes, <c>DisableConcurrentExecution</c> is a lock every
/// node sees, and the dashboard lists every node's server), and readiness checks that database.
/// </summary>
/// <remarks>
/// Called after every feature has registered its SQLite store, so the features stay provider-agnostic: this one place
/// swaps the implementations.
/// </remarks>
public static class PostgresStorageExtensions
{
    public static WebApplicationBuilder AddPostgreSqlWhenConfigured(this WebApplicationBuilder builder)
    {
        if (DatabaseOptions.Read(builder.Configuration) != DatabaseProvider.PostgreSql) return builder;
        var connectionString = builder.Configuration.GetConnectionString(StorageExtensions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                [$"ConnectionStrings:{StorageExtensions.ConnectionStringName} is required when {DatabaseOptions.Section}:Provider is PostgreSql."]);
        }
        PostgresDatabase database;
        try
        {
            database = new PostgresDatabase(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [e.Message]);
        }

        var services = builder.Services;
        services.AddSingleton(database);
        services.Replace(ServiceDescriptor.Singleton<IPaperStore, PostgresPaperStore>());
        services.Replace(ServiceDescriptor.Singleton<ISourceRunStore, PostgresSourceRunStore>());
        services.Replace(ServiceDescriptor.Singleton<ITrendingStore, PostgresTrendingStore>());
        services.Replace(ServiceDescriptor.Singleton<IPortabilityStore, PostgresPortabilityStore>());
        services.Replace(ServiceDescriptor.Singleton<IOverviewStore, PostgresOverviewStore>());
        services.Replace(ServiceDescriptor.Singleton<ISubscriberAdminStore, PostgresSubscriberAdminStore>());
        services.Replace(ServiceDescriptor.Singleton<IMatchStore, PostgresMatchStore>());
        services.Replace(ServiceDescriptor.Singleton<IBounceStore, PostgresBounceStore>());
        services.Replace(ServiceDescriptor.Singleton<ISuppressionStore, PostgresSuppressionStore>());
        services.Replace(ServiceDescriptor.Singleton<IDeliveryStatusStore, PostgresDeliveryStatusStore>());
        services.Replace(ServiceDescriptor.Singleton<IOperationsCounts, PostgresOperationsCounts>());
        services.Replace(ServiceDescriptor.Singleton<IHousekeepingStore, PostgresHousekeepingStore>());
        services.Replace(ServiceDescriptor.Singleton<IDigestStore, PostgresDigestStore>());
        services.AddSingleton<PostgresSubscriptionStore>();
        services.Replace(ServiceDescriptor.Singleton<ISubscriptionStore>(sp => sp.GetRequiredService<PostgresSubscriptionStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISubscriptionLinkStore>(sp => sp.GetRequiredService<PostgresSubscriptionStore>()));
        services.Replace(ServiceDescriptor.Singleton<IJobHistoryStore, PostgresJobHistoryStore>());
        services.Replace(ServiceDescriptor.Singleton<ISourceHealthStore, PostgresSourceHealthStore>());
        services.Replace(ServiceDescriptor.Singleton<ISemanticStore, PostgresSemanticStore>()); // AddSemantic's store
        services.Replace(ServiceDescriptor.Singleton<IImportStore, PostgresImportStore>());
        services.Replace(ServiceDescriptor.Singleton<IOperationsHistoryStore, PostgresOperationsHistoryStore>());
        services.Replace(ServiceDescriptor.Singleton<PaperMail.Core.Scheduling.ISubscriberTimeZoneStore, PostgresSubscriberTimeZoneStore>());

        var hangfire = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        services.Replace(ServiceDescriptor.Singleton<JobStorage>(_ =>
            new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, hangfire), hangfire)));

        services.Configure<HealthCheckServiceOptions>(options =>
        {
            var sqlite = options.Registrations.FirstOrDefault(r => r.Name == HealthExtensions.DatabaseCheckName);
            if (sqlite is null) return;
            options.Registrations.Remove(sqlite);
            options.Registrations.Add(new HealthCheckRegistration(HealthExtensions.DatabaseCheckName,
                sp => ActivatorUtilities.CreateInstance<PostgresReadyCheck>(sp), failureStatus: null, tags: sqlite.Tags));
        });
        return builder;
    }
}
