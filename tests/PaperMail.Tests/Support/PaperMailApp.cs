using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PaperMail.Tests.Support;

/// <summary>
/// PaperMail hosted in-process with its own world: a temp SQLite file, its own settings, no schedule firing on its own
/// (jobs run only when a test asks). Add settings with <see cref="With"/> before the first request.
/// </summary>
public sealed class PaperMailApp : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-api-key-0123456789abcdef-0123456789";
    public const string AdminUsername = "admin";
    public const string AdminPassword = "test-admin-password-0123456789";

    /// <summary>
    /// <see cref="AdminPassword"/> as PBKDF2 (10,000 iterations, salt "papermail-tests!"), made with Python's
    /// hashlib.pbkdf2_hmac: outside Development only a hash is accepted.
    /// </summary>
    public const string AdminPasswordHash = "pbkdf2-sha256$10000$cGFwZXJtYWlsLXRlc3RzIQ==$edXTqU2yBtX1jrYyhah6L1GabJgVLVUnkbLTHquddK4=";

    /// <summary>Hangfire's "never" cron: February 31st.</summary>
    public const string Never = "0 0 31 2 *";

    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> _services = [];

    static PaperMailApp()
    {
        // Each host would watch its settings files for changes: one inotify instance per watcher, and the machine's
        // per-user limit (128) is shared by every test run on it. Tests never change settings files.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    public PaperMailApp()
    {
        _settings["ConnectionStrings:PaperMail"] = $"Data Source={DatabasePath}";
        _settings["PaperMail:PublicBaseUrl"] = "http://localhost";
        _settings["PaperMail:Admin:ApiKey"] = ApiKey;
        _settings["PaperMail:Admin:Password"] = AdminPasswordHash;
        _settings["PaperMail:Schedules:Ingest"] = Never;
        _settings["PaperMail:Schedules:Match"] = Never;
        _settings["PaperMail:Schedules:Digest"] = Never;
        _settings["PaperMail:Bounces:Schedule"] = Never;
        _settings["PaperMail:Schedules:Housekeeping"] = Never;
        _settings["PaperMail:Http:MaxRetries"] = "1";
        _settings["PaperMail:Http:RetryBaseDelayMs"] = "10";
        _settings["PaperMail:Http:TimeoutSeconds"] = "5";
        // Nothing listens here: tests that read email point these at a TestSmtpServer.
        _settings["PaperMail:Smtp:Host"] = "127.0.0.1";
        _settings["PaperMail:Smtp:Port"] = "9";
        _settings["PaperMail:Smtp:Security"] = "None";
        _settings["PaperMail:Smtp:FromAddress"] = "alerts@papermail.example";
    }

    public string DatabasePath => _folder.File("papermail.db");

    public string Folder => _folder.Path;

    public PaperMailApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public PaperMailApp WithSource(int index, string name, string kind, string? url = null, string? path = null)
    {
        _settings[$"PaperMail:Sources:{index}:Name"] = name;
        _settings[$"PaperMail:Sources:{index}:Kind"] = kind;
        _settings[$"PaperMail:Sources:{index}:Enabled"] = "true";
        _settings[$"PaperMail:Sources:{index}:Url"] = url;
        _settings[$"PaperMail:Sources:{index}:Path"] = path;
        return this;
    }

    public PaperMailApp WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As in Development: a singleton that captures a scoped service fails here, not first in front of a developer.
        builder.UseDefaultServiceProvider(provider => provider.ValidateScopes = true);
        // Host settings are visible while Program builds its services (app configuration added later is not).
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => _services.ForEach(configure => configure(services)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _folder.Dispose();
    }
}
