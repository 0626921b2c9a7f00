using System.Globalization;
using PaperMail.Core.Configuration;

namespace PaperMail.Core.Ingestion.Sources;

/// <summary>
/// Hugging Face Daily Papers: GET <c>{Url}?date=YYYY-MM-DD</c> for each of the last <c>LookbackDays</c> days (UTC, today
/// included). Looking back re-reads recent days on purpose: that is how later upvotes reach the store.
/// </summary>
public sealed class HuggingFaceDailySource(SourceOptions options, HttpDocumentFetcher fetcher, TimeProvider clock) : IPaperSource
{
    public SourceOptions Options => options;

    public async Task<SourceFetch> FetchAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var baseUrl = options.Url ?? SourceOptions.DefaultHuggingFaceUrl;
        var parts = new List<SourceFetch>();
        for (var back = 0; back < options.LookbackDays; back++)
        {
            var day = today.AddDays(-back);
            var separator = baseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var url = new Uri($"{baseUrl}{separator}date={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
            parts.Add(await fetcher.FetchAsync(url, day, ct));
        }
        return SourceFetch.Combine(parts);
    }
}
