namespace PaperMail.Tests.Support;

/// <summary>xUnit starts the cluster once for the collection and stops it at the end (the benchmarks call the same methods).</summary>
public sealed partial class PostgresCluster : IAsyncLifetime;

/// <summary>Tests on the shared PostgreSQL cluster.</summary>
[CollectionDefinition(nameof(PostgresCollection))]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>;
