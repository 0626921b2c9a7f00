using System.ComponentModel.DataAnnotations;

namespace PaperMail.Core.Configuration;

/// <summary>Everything under the <c>PaperMail</c> configuration section.</summary>
public sealed class PaperMailOptions
{
    public const string Section = "PaperMail";

    /// <summary>The address the public reaches PaperMail at; every absolute link is built from it.</summary>
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>
    /// Configuration lists merge by index: an environment file overriding entry 0 changes the first source, so keep
    /// the same order everywhere.
    /// </summary>
    public List<SourceOptions> Sources { get; set; } = [];

    /// <summary>Run <c>ingest</c> once right after start-up (Development: the demo papers are there at once).</summary>
    public bool IngestOnStart { get; set; }

    public ScheduleOptions Schedules { get; set; } = new();

    public AdminOptions Admin { get; set; } = new();

    public HttpOptions Http { get; set; } = new();
}

public enum SourceKind
{
    HuggingFaceDaily,
    ArxivApi,
    ArxivRss,
    File,
}

public sealed class SourceOptions
{
    public const string DefaultHuggingFaceUrl = "https://huggingface.co/api/daily_papers";

    public string Name { get; set; } = "";
    /// <summary>
    /// Kept as text: the configuration binder silently drops a list entry whose enum value does not convert, and a
    /// source that vanishes without a word is worse than a start-up error naming the key.
    /// </summary>
    public string? Kind { get; set; }

    /// <summary>The parsed <see cref="Kind"/>, or null when it is missing or not a known kind.</summary>
    public SourceKind? ParsedKind => Enum.TryParse<SourceKind>(Kind, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;
    public bool Enabled { get; set; } = true;
    public string? Url { get; set; }
    public string? Path { get; set; }
    /// <summary>HuggingFaceDaily only: how many days back to ask for, today (UTC) included.</summary>
    public int LookbackDays { get; set; } = 3;
}

public sealed class ScheduleOptions
{
    /// <summary>Cron expressions (UTC), as Hangfire reads them.</summary>
    public string Ingest { get; set; } = "0 * * * *";
    public string Match { get; set; } = "*/15 * * * *";
    public string Digest { get; set; } = "*/15 * * * *";
    /// <summary>Deleting what is no longer needed (see <c>PaperMail:Housekeeping</c>): once a day.</summary>
    public string Housekeeping { get; set; } = "30 3 * * *";
}

public sealed class AdminOptions
{
    /// <summary>Key for the JSON admin API (header <c>X-Api-Key</c>). Empty: the admin API refuses every call.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The name to log in to the admin pages with.</summary>
    public string Username { get; set; } = "admin";

    /// <summary>
    /// The admin pages' password: plain text, or a hash in the form <c>pbkdf2-sha256$iterations$salt$hash</c>
    /// (see <see cref="Admin.AdminPasswordHash"/>). Required outside Development.
    /// </summary>
    public string? Password { get; set; }
}

public sealed class HttpOptions
{
    public string UserAgent { get; set; } = "PaperMail/1.0 (self-hosted research-paper alerts; +https://github.com/papermail/papermail)";

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of a transient failure (5xx, 408, 429, timeouts), with exponential backoff.</summary>
    [Range(1, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(0, 60_000)]
    public int RetryBaseDelayMs { get; set; } = 2_000;

    /// <summary>arXiv asks for no more than one request every 3 seconds.</summary>
    [Range(0, 60)]
    public double ArxivMinIntervalSeconds { get; set; } = 3;

    /// <summary>
    /// One deadline for a whole document: connecting, retries, the headers and reading the body to its end. The
    /// per-attempt timeout only covers the wait for headers; a server that then sends a byte now and then would hold
    /// the ingest job for as long as it likes.
    /// </summary>
    [Range(1, 3600)]
    public int DocumentDeadlineSeconds { get; set; } = 120;

    /// <summary>A response body larger than this is refused (protects against a runaway feed).</summary>
    [Range(1, 1024)]
    public int MaxResponseMegabytes { get; set; } = 64;
}
