using System.Data.Common;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace PaperMail.Web.Storage;

/// <summary>
/// ASP.NET Data Protection keys (they sign antiforgery tokens and the admin cookie) in the <c>data_protection_keys</c>
/// table of PaperMail's own database, either provider: a form served by one node posts to another, and a restart logs
/// nobody out. The SQL is the same on SQLite and PostgreSQL.
/// </summary>
/// <remarks>The keys are stored as ASP.NET writes them (unencrypted at rest, like the default file store): the database
/// and its backups are to be protected as the key folder would be.</remarks>
public sealed class DatabaseXmlRepository(Func<DbConnection> open, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM data_protection_keys ORDER BY created_at, name";
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read()) keys.Add(XElement.Parse(reader.GetString(0)));
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING";
        Add(command, "name", friendlyName);
        Add(command, "xml", element.ToString(SaveOptions.DisableFormatting));
        Add(command, "at", clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
