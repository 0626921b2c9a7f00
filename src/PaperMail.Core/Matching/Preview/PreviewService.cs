using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Matching.Preview;

/// <summary>A recent paper that a query matches, with why.</summary>
public sealed record PreviewPaper(Paper Paper, QueryMatch Match);

/// <summary>How many of the recent papers match, and the newest of them.</summary>
public sealed record PreviewResult(int Total, int Window, IReadOnlyList<PreviewPaper> Papers);

/// <summary>
/// "Which recent papers would this alert have caught?" Uses <see cref="QueryEvaluator"/>, the evaluator the match
/// job verifies with, so the preview and the digests cannot disagree.
/// </summary>
public sealed class PreviewService(IPaperStore papers, TimeProvider clock)
{
    /// <summary>The most recent papers (by publication, then first-seen time) a preview looks at.</summary>
    public const int Window = 1_000;

    public const int MaxShown = 10;

    /// <summary>Analysed papers are reused for a short while: the form asks on every keystroke.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (DateTimeOffset LoadedAt, IReadOnlyList<(Paper Paper, MatchablePaper Matchable)> Papers)? _cache;

    public async Task<PreviewResult> PreviewAsync(ParsedQuery query, int? minUpvotes, CancellationToken ct)
    {
        var recent = await GetRecentAsync(ct);
        var matched = new List<PreviewPaper>();
        var total = 0;
        foreach (var (paper, matchable) in recent)
        {
            if (QueryEvaluator.Evaluate(query, matchable, minUpvotes) is not { } match) continue;
            total++;
            if (matched.Count < MaxShown) matched.Add(new PreviewPaper(paper, match));
        }
        return new PreviewResult(total, recent.Count, matched);
    }

    private async Task<IReadOnlyList<(Paper, MatchablePaper)>> GetRecentAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache is { } fresh && now - fresh.LoadedAt < CacheFor) return fresh.Papers;
        await _refresh.WaitAsync(ct);
        try
        {
            if (_cache is { } again && now - again.LoadedAt < CacheFor) return again.Papers;
            var loaded = (await papers.GetRecentAsync(Window, ct)).Select(p => (p, MatchablePaper.From(p))).ToList();
            _cache = (now, loaded);
            return loaded;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
