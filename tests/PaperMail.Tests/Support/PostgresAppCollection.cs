namespace PaperMail.Tests.Support;

/// <summary>
/// Whole apps on a PostgreSQL cluster of their own, run apart from every other collection: Hangfire keeps one
/// process-wide log provider, the logger factory of the app that configured it last, so building an app while another
/// collection disposes its apps can fail with "Cannot access a disposed object: LoggerFactory".
/// </summary>
[CollectionDefinition(nameof(PostgresAppCollection), DisableParallelization = true)]
public sealed class PostgresAppCollection : ICollectionFixture<PostgresCluster>;
