using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PaperMail.Tests.Support;

/// <summary>A logger provider that keeps every line the app logs (after the app's own level filters), for assertions.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public sealed record Entry(string Category, LogLevel Level, string Message, string? Exception);

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>The lines at Information or above, each as level, category, message and exception text.</summary>
    public IReadOnlyList<string> Lines =>
        [.. _entries.Where(e => e.Level >= LogLevel.Information).Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too: a JSON console writes them out even when the message template does not.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            entries.Enqueue(new Entry(category, logLevel, formatter(state, exception) + " " + values, exception?.ToString()));
        }
    }
}
