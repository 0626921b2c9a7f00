using PaperMail.Web.Storage;

namespace PaperMail.Web.Hosting;

public static class StorageHosting
{
    /// <summary>
    /// Called after every feature: the stores over the database (PostgreSQL's replaces SQLite's when
    /// <c>PaperMail:Database:Provider</c> says so), the Data Protection key ring in that database, and the SQLite
    /// standby of a second process.
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.AddPaperMailStore();
        builder.AddPostgreSqlWhenConfigured();
        builder.AddSharedDataProtection();
        builder.AddSqliteStandby();
        return builder;
    }
}
