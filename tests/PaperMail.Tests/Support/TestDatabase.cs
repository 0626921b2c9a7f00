using PaperMail.Store.Sqlite;

namespace PaperMail.Tests.Support;

/// <summary>A real, migrated SQLite file in a temp folder, owned by one test.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly TempFolder _folder = new();

    private TestDatabase()
    {
        Database = new SqliteDatabase($"Data Source={_folder.File("papermail.db")}", _folder.Path);
    }

    public SqliteDatabase Database { get; }

    public string FilePath => Database.FilePath!;

    public static async Task<TestDatabase> CreateAsync()
    {
        var db = new TestDatabase();
        await SqliteMigrator.MigrateAsync(db.Database);
        return db;
    }

    public void Dispose() => _folder.Dispose();
}
