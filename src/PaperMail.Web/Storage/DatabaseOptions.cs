
namespace PaperMail.Web.Storage;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary><c>PaperMail:Database</c>: which database holds PaperMail's tables (and, for PostgreSQL, Hangfire's).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "PaperMail:Database";

    /// <summary><c>Sqlite</c> (default: one process, one file) or <c>PostgreSql</c> (several nodes).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Reads the provider when the services are registered (it decides which stores exist), so a bad value stops
    /// start-up there, naming the key.
    /// </summary>
    public static DatabaseProvider Read(IConfiguration configuration)
    {
        var text = configuration[$"{Section}:Provider"];
        if (string.IsNullOrWhiteSpace(text)) return DatabaseProvider.Sqlite;
        if (Enum.TryParse<DatabaseProvider>(text, ignoreCase: true, out var provider) && Enum.IsDefined(provider)) return provider;
        throw new OptionsValidationException(Section, typeof(DatabaseOptions),
            [$"{Section}:Provider must be Sqlite or PostgreSql (was '{text}')."]);
    }
}
