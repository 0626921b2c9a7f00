using System.Data.Common;
using Dapper;
using PaperMail.Core.Bounces;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Papers;
using PaperMail.Core.Subscriptions;
using PaperMail.Store.Postgres;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.StoreContract;

/// <summary>
/// One provider's stores over a database of a test's own: the store contract tests are written once against this and
/// run once per provider (a SQLite file in a temp folder; a fresh database on the shared PostgreSQL cluster).
/// </summary>
public abstract class StoreWorld : IAsyncDisposable
{
    public abstract string Provider { get; }

    /// <summary>ConnectionStrings:PaperMail for an app (or a node process) on this database.</summary>
    public abstract string ConnectionString { get; }
    public abstract IPaperStore Papers { get; }
    public abstract IDigestStore Digests { get; }
    public abstract IMatchStore Matches { get; }
    public abstract ISubscriptionStore Subscriptions { get; }
    public abstract IBounceStore Bounces { get; }

    /// <summary>
    /// Store interface <typeparamref name="T"/> on this provider's database: IFooStore is FooStore, written once in
    /// PaperMail.Store.Shared.
    /// </summary>
    public abstract T Store<T>() where T : class;

    protected static T Store<T>(IStoreDatabase database) where T : class =>
        (T)Activator.CreateInstance(typeof(IStoreDatabase).Assembly.GetType($"PaperMail.Store.Shared.{typeof(T).Name[1..]}", throwOnError: true)!, database)!;

    /// <summary>A connection for arranging rows and reading what a store wrote; the SQL used stays within both dialects.</summary>
    public abstract Task<DbConnection> OpenAsync();

    public abstract ValueTask DisposeAsync();

    public async Task<long> AddSubscriberAsync(string email, string state = "active", string frequency = "daily")
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO subscribers (email, email_key, frequency, state, created_at, state_changed_at)
            VALUES (@email, lower(@email), @frequency, @state, 0, 0) RETURNING id
            """, new { email, state, frequency });
    }

    public async Task<long> AddAlertAsync(long subscriberId, string query, int? minUpvotes = null, string state = "active", bool paused = false)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO alerts (subscriber_id, query, min_upvotes, paused, state, created_at, updated_at)
            VALUES (@subscriberId, @query, @minUpvotes, @paused, @state, 0, 0) RETURNING id
            """, new { subscriberId, query, minUpvotes, paused = paused ? 1 : 0, state });
    }
}

public sealed class SqliteWorld : StoreWorld
{
    private readonly TestDatabase _db;

    private SqliteWorld(TestDatabase db)
    {
        _db = db;
        Papers = new PaperStore(db.Database);
        Digests = new DigestStore(db.Database);
        Matches = new MatchStore(db.Database);
        Subscriptions = new SubscriptionStore(db.Database);
        Bounces = new BounceStore(db.Database);
    }

    public static async Task<StoreWorld> CreateAsync() => new SqliteWorld(await TestDatabase.CreateAsync());

    public override string Provider => "Sqlite";
    public override string ConnectionString => $"Data Source={_db.FilePath}";
    public override IPaperStore Papers { get; }
    public override IDigestStore Digests { get; }
    public override IMatchStore Matches { get; }
    public override ISubscriptionStore Subscriptions { get; }
    public override IBounceStore Bounces { get; }

    public override T Store<T>() => Store<T>(_db.Database);

    public override async Task<DbConnection> OpenAsync() => await _db.Database.OpenAsync();

    public override ValueTask DisposeAsync()
    {
        _db.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresWorld : StoreWorld
{
    private readonly PostgresDatabase _database;

    private PostgresWorld(PostgresDatabase database)
    {
        _database = database;
        Papers = new PaperStore(database);
        Digests = new DigestStore(database);
        Matches = new MatchStore(database);
        Subscriptions = new SubscriptionStore(database);
        Bounces = new BounceStore(database);
    }

    public static async Task<StoreWorld> CreateAsync(PostgresCluster cluster) =>
        new PostgresWorld(new PostgresDatabase(cluster.ConnectionString(await cluster.CreateDatabaseAsync())));

    public override string Provider => "PostgreSql";
    public override string ConnectionString => _database.ConnectionString;
    public override IPaperStore Papers { get; }
    public override IDigestStore Digests { get; }
    public override IMatchStore Matches { get; }
    public override ISubscriptionStore Subscriptions { get; }
    public override IBounceStore Bounces { get; }

    public override T Store<T>() => Store<T>(_database);

    public override async Task<DbConnection> OpenAsync() => await _database.OpenAsync();

    public override ValueTask DisposeAsync() => _database.DisposeAsync();
}
