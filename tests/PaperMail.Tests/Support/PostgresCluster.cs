using System.Diagnostics;
using Dapper;
using Npgsql;
using PaperMail.Store.Postgres;

namespace PaperMail.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL cluster (Debian's postgresql package) in a temp folder, on 127.0.0.1 and a free port, its
/// socket in that folder. PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to the <c>postgres</c>
/// user and every server command runs as that user. One cluster is shared by a test collection; each test asks for a
/// fresh database, copied from a migrated template.
/// </summary>
public sealed partial class PostgresCluster
{
    private const string Template = "papermail_template";
    private string _folder = "";
    private string _bin = "";

    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20;Timeout=30;Command Timeout=120";

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql; .ci/run does it).");
        _folder = Path.Combine(Path.GetTempPath(), "papermail-pg", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        if (Environment.IsPrivilegedProcess) await RunAsync("chown", "postgres:postgres", _folder);
        var data = Path.Combine(_folder, "data");
        await RunServerToolAsync("initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C");
        Port = LocalPorts.Free();
        // fsync off: a crash of a test cluster loses nothing anyone needs, and the tests run several times faster.
        await RunServerToolAsync("pg_ctl", "-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start");
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {Template}");
        }
        await using (var template = new PostgresDatabase(ConnectionString(Template)))
        {
            await PostgresMigrator.MigrateAsync(template);
        }
        NpgsqlConnection.ClearAllPools(); // a template may not have open connections when it is copied
    }

    /// <summary>A new, migrated database of its own; its name is returned.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {Template}");
        return name;
    }

    /// <summary>An empty database (no schema), for migration tests.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = "e_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.ExecuteAsync($"CREATE DATABASE {name}");
        return name;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Port != 0)
        {
            try { await RunServerToolAsync("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"); }
            catch (InvalidOperationException) { }
        }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private Task RunServerToolAsync(string tool, params string[] args) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
