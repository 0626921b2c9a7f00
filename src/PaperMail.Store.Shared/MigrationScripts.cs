using System.Reflection;
using System.Text.RegularExpressions;

namespace PaperMail.Store.Shared;

/// <summary>
/// A provider's ordered, append-only migration scripts: the embedded <c>Migrations/NNNN_name.sql</c> resources of its
/// assembly, numbered 1..n without gaps. How they are applied and the version recorded is the provider's own.
/// </summary>
internal static partial class MigrationScripts
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Load(Assembly assembly)
    {
        var list = new List<(int Version, string Name, string Sql)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add((int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1) throw new InvalidOperationException($"Migration numbers must be 1..n without gaps; found {list[i].Version} at position {i + 1}.");
        }
        return list;
    }

    [GeneratedRegex(@"\.Migrations\.(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();
}
