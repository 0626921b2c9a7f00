using System.Globalization;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Subscriptions;
using PaperMail.Core.Trending;

namespace PaperMail.Web.Papers.Pages;

/// <summary>
/// <c>/papers</c>: a day's (or a week's) papers ranked by upvotes, like the Hugging Face listing, optionally narrowed by
/// an alert query. Plain GET links and a GET form, so it works without JavaScript; answers may be cached briefly.
/// </summary>
public sealed class IndexModel(TrendingBrowser browser) : PageModel
{
    /// <summary>Upvotes move all day: a listing is fresh enough for a few minutes.</summary>
    public const int CacheSeconds = 300;

    [FromQuery(Name = "day")] public string? Day { get; set; }
    [FromQuery(Name = "view")] public string? View { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }

    public bool Week => View == "week";
    public ListingPage? Listing { get; private set; }
    public string? NormalizedQuery { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(Day))
        {
            if (!DateOnly.TryParseExact(Day.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                Fail("The day must be written as YYYY-MM-DD, e.g. 2026-12-05.");
                return;
            }
            day = parsed;
        }
        if (View is not (null or "" or "day" or "week"))
        {
            Fail("The view is either day or week.");
            return;
        }
        ParsedQuery? query = null;
        if (!string.IsNullOrWhiteSpace(Q))
        {
            query = AlertInput.ReadQuery(Q, out var error, out _);
            if (query is null)
            {
                Fail(error!);
                return;
            }
            NormalizedQuery = query.Normalized;
        }
        Listing = await browser.ListAsync(day, Week, query, ct);
        Response.Headers.CacheControl = $"public, max-age={CacheSeconds}";
    }

    /// <summary>This page with some of its parameters changed (null drops one).</summary>
    public string Link(DateOnly? day, bool week, string? q)
    {
        var parts = new List<string>();
        if (day is { } d) parts.Add($"day={PaperDisplay.IsoDay(d)}");
        if (week) parts.Add("view=week");
        if (!string.IsNullOrWhiteSpace(q)) parts.Add($"q={Uri.EscapeDataString(q)}");
        return parts.Count == 0 ? "/papers" : $"/papers?{string.Join('&', parts)}";
    }

    public string Heading => Listing is not { } l ? "Papers"
        : l.Window.IsWeek ? $"Top papers of the week {PaperDisplay.Date(l.Window.From)} – {PaperDisplay.Date(l.Window.To)}"
        : $"Top papers of {PaperDisplay.Date(l.Window.To)}";

    private void Fail(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
