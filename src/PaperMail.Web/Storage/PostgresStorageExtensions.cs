using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaperMail.Store.Postgres;
using PaperMail.Store.Shared;
using PaperMail.Web.Health;

namespace PaperMail.Web.Storage;

/// <summary>
/// <c>PaperMail:Database:Provider = PostgreSql</c>: the stores run on PostgreSQL (every one is written once, over the
/// swapped <see cref="IStoreDatabase"/>), Hangfire keeps its jobs in the same database
/// (recurring jobs then fire once across nodes, <c>DisableConcurrentExecution</c> is a lock every node sees, and the
/// dashboard lists every node's server), and readiness checks that database.
/// </summary>
/// <remarks>
/// Called after every feature has registered its services, so the features stay provider-agnostic: this one place
/// swaps the database, the job storage and the readiness check.
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
        services.Replace(ServiceDescriptor.Singleton<IStoreDatabase>(database));

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
