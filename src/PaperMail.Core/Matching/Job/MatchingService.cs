using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;

namespace PaperMail.Core.Matching.Job;

/// <summary>
/// One run of the <c>match</c> job: every paper new or changed since the last run against every active alert
/// (through the percolator, kept between runs by <see cref="PercolatorCache"/>), and every newly confirmed or
/// edited alert against the recent papers (through a small percolator of those alerts; every path runs the same
/// evaluator as the live preview). Matches are stored once per (alert, paper); the watermark moves in the same
/// transaction as the matches it covers.
/// </summary>
public sealed partial class MatchingService(
    IMatchStore matches,
    IPaperStore papers,
    PercolatorCache percolators,
    IOptions<MatchingOptions> options,
    TimeProvider clock,
    ILogger<MatchingService> logger,
    SemanticMatcher? semantic = null)
{
    /// <summary>Papers per transaction: the watermark advances page by page, so a crash redoes at most one page.</summary>
    public const int PageSize = 1_000;

    /// <summary>Papers sampled for term rarity (used to pick each alert's selective term).</summary>
    private const int FrequencySample = 5_000;

    public async Task<MatchRun> RunAsync(CancellationToken ct)
    {
        var run = new MatchRun { StartedAt = clock.GetUtcNow() };
        run = run with { Id = await matches.StartRunAsync(run.StartedAt, ct) };
        try
        {
            run = await EvaluateAsync(run, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await matches.FinishRunAsync(run with { FinishedAt = clock.GetUtcNow(), Error = e.Message }, CancellationToken.None);
            throw;
        }
        catch (OperationCanceledException)
        {
            await matches.FinishRunAsync(run with { FinishedAt = clock.GetUtcNow(), Error = "cancelled (shutdown)" }, CancellationToken.None);
            throw;
        }
        run = run with { FinishedAt = clock.GetUtcNow() };
        await matches.FinishRunAsync(run, ct);
        LogRun(run.Alerts, run.PapersEvaluated, run.Backfilled, run.MatchesAdded);
        return run;
    }

    private async Task<MatchRun> EvaluateAsync(MatchRun run, CancellationToken ct)
    {
        var alerts = await matches.GetActiveAlertsAsync(ct);
        run = run with { Alerts = alerts.Count };
        var owners = alerts.ToDictionary(a => a.Id, a => a.SubscriberId);

        // Back-fill first: an alert confirmed or edited since the last run gets the recent papers it would have caught.
        var pending = ParseAlerts(alerts.Where(a => a.NeedsBackfill));
        if (pending.Count > 0)
        {
            var since = clock.GetUtcNow().AddDays(-options.Value.BackfillDays);
            var recent = (await papers.GetFirstSeenSinceAsync(since, int.MaxValue, ct)).Select(MatchablePaper.From).ToList();
            // A small percolator of just these alerts reads each recent paper once for all of them; evaluating one
            // query at a time would read every recent paper again for each alert confirmed since the last run.
            var backfill = new PercolatorBuilder(DocumentFrequencies.FromPapers(recent))
                .AddRange(pending.Select(p => new AlertDefinition(p.Alert.Id, p.Query, p.Alert.MinUpvotes)))
                .Build();
            var found = backfill.MatchAll(recent)
                .Select(m => new NewMatch(m.AlertId, owners[m.AlertId], m.PaperId, m.Relevance, m.Score, m.Hits))
                .ToList();
            var added = await matches.SaveAsync(found, clock.GetUtcNow(), null, [.. pending.Select(p => (p.Alert.Id, p.Alert.Version))], ct);
            run = run with { Backfilled = pending.Count, MatchesAdded = run.MatchesAdded + added };
        }
        if (semantic is not null)
        {
            var (found, backfilled) = await semantic.BackfillAsync(clock.GetUtcNow().AddDays(-options.Value.BackfillDays), ct);
            var added = await matches.SaveAsync(found, clock.GetUtcNow(), null, backfilled, ct);
            run = run with { Backfilled = run.Backfilled + backfilled.Count, MatchesAdded = run.MatchesAdded + added };
        }

        var watermark = await matches.GetWatermarkAsync(ct);
        Percolator? percolator = null;
        while (true)
        {
            var page = await papers.GetChangedAfterAsync(watermark, PageSize, ct);
            if (page.Count == 0) break;
            percolator ??= await percolators.GetAsync(alerts, SampleFrequenciesAsync, ct);
            var found = percolator.MatchAll([.. page.Select(MatchablePaper.From)])
                .Select(m => new NewMatch(m.AlertId, owners[m.AlertId], m.PaperId, m.Relevance, m.Score, m.Hits))
                .ToList();
            if (semantic is not null) found.AddRange(await semantic.MatchAsync(page, ct));
            watermark = page[^1].ChangeSeq;
            var added = await matches.SaveAsync(found, clock.GetUtcNow(), watermark, [], ct);
            run = run with { PapersEvaluated = run.PapersEvaluated + page.Count, MatchesAdded = run.MatchesAdded + added };
        }
        return run;
    }

    private async Task<DocumentFrequencies> SampleFrequenciesAsync(CancellationToken ct)
    {
        var sample = await papers.GetRecentAsync(FrequencySample, ct);
        return DocumentFrequencies.FromPapers(sample.Select(MatchablePaper.From));
    }

    /// <summary>Queries were validated when saved; one that no longer parses (a stricter parser) is logged and skipped.</summary>
    private List<(ActiveAlert Alert, ParsedQuery Query)> ParseAlerts(IEnumerable<ActiveAlert> alerts)
    {
        var parsed = new List<(ActiveAlert, ParsedQuery)>();
        foreach (var alert in alerts)
        {
            var result = QueryParser.Parse(alert.Query);
            if (result.Query is { } query) parsed.Add((alert, query));
            else LogUnparsable(alert.Id, result.Error!.ToString());
        }
        return parsed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Match run: {Alerts} active alerts, {Papers} papers evaluated, {Backfilled} alerts back-filled, {Matches} matches added")]
    private partial void LogRun(int alerts, int papers, int backfilled, int matches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} no longer parses and is skipped: {Error}")]
    private partial void LogUnparsable(long alertId, string error);
}
