using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperMail.Core.Configuration;
using PaperMail.Core.Ingestion.Sources;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Ingestion;

/// <summary>
/// One ingest run: every enabled source in turn, each fetched, merged into the store and recorded. A failing source
/// is recorded with its error and never stops the others.
/// </summary>
public sealed partial class IngestionService(
    IOptionsMonitor<PaperMailOptions> options,
    PaperSourceFactory sources,
    IPaperStore papers,
    ISourceRunStore runs,
    TimeProvider clock,
    ILogger<IngestionService> logger)
{
    public async Task<IReadOnlyList<SourceRun>> RunAsync(CancellationToken ct)
    {
        var results = new List<SourceRun>();
        foreach (var source in options.CurrentValue.Sources.Where(s => s.Enabled))
        {
            results.Add(await RunSourceAsync(sources.Create(source), ct));
        }
        return results;
    }

    public async Task<SourceRun> RunSourceAsync(IPaperSource source, CancellationToken ct)
    {
        var name = source.Options.Name;
        var run = new SourceRun { Source = name, Kind = source.Options.ParsedKind?.ToString() ?? source.Options.Kind ?? "", StartedAt = clock.GetUtcNow() };
        run = run with { Id = await runs.StartAsync(run.Source, run.Kind, run.StartedAt, ct) };
        try
        {
            var fetch = await source.FetchAsync(ct);
            foreach (var skipped in fetch.Skipped) LogSkipped(name, skipped.Where, skipped.Reason);
            foreach (var error in fetch.Errors) LogSourceError(name, error);

            var dropped = new List<string>();
            var clean = fetch.Papers.Select(p => IncomingPaperSanitizer.Clean(p, dropped)).ToList();
            foreach (var reason in dropped) LogDropped(name, reason);

            var summary = await papers.UpsertAsync(name, clean, clock.GetUtcNow(), ct);
            run = run with
            {
                Fetched = fetch.Papers.Count + fetch.Skipped.Count,
                New = summary.New,
                Changed = summary.Changed,
                Unchanged = summary.Unchanged + summary.Refreshed,
                Ignored = summary.Ignored,
                Skipped = fetch.Skipped.Count,
                Error = fetch.Errors.Count == 0 ? null : Truncate(string.Join("; ", fetch.Errors)),
            };
            LogRun(name, run.Fetched, run.New, run.Changed, run.Skipped);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Record the end even when the job is stopped, so the overview never shows a run stuck "in progress".
            await runs.FinishAsync(run with { FinishedAt = clock.GetUtcNow(), Error = "cancelled (shutdown)" }, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            LogSourceFailed(e, name);
            run = run with { Error = Truncate(e.Message) };
        }
        run = run with { FinishedAt = clock.GetUtcNow() };
        await runs.FinishAsync(run, ct);
        return run;
    }

    private static string Truncate(string s) => s.Length <= 2000 ? s : s[..2000] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: skipped {Where}: {Reason}")]
    private partial void LogSkipped(string source, string where, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: {Reason}")]
    private partial void LogDropped(string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: {Error}")]
    private partial void LogSourceError(string source, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} failed")]
    private partial void LogSourceFailed(Exception e, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}: fetched {Fetched}, new {New}, changed {Changed}, skipped {Skipped}")]
    private partial void LogRun(string source, int fetched, int @new, int changed, int skipped);
}
