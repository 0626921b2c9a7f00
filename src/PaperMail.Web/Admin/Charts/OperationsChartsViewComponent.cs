using Microsoft.AspNetCore.Html;
using PaperMail.Core.Operations;

namespace PaperMail.Web.Admin.Charts;

/// <summary>The admin overview's "Last 30 days" section: five charts read from the store (a component, so the overview's model stays as it is).</summary>
public sealed class OperationsChartsViewComponent(IOperationsHistoryStore history, TimeProvider clock) : ViewComponent
{
    public const int Days = 30;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - Days);
        var days = Enumerable.Range(0, Days).Select(from.AddDays).ToList();
        var papers = await history.PapersPerDayAsync(from, ct);
        IHtmlContent[] charts =
        [
            SvgChart.Bars("chart-papers", "Papers ingested per day, by source", "papers", days,
                [.. papers.Select(p => p.Series).Distinct().Order(StringComparer.Ordinal)], papers),
            SvgChart.Bars("chart-matches", "Matches per day", "matches", days, ["matches"], await history.MatchesPerDayAsync(from, ct)),
            SvgChart.Bars("chart-digests", "Digests per day: sent, failed, suppressed", "digests", days, ["sent", "failed", "suppressed"],
                await history.DigestsPerDayAsync(from, ct)),
            SvgChart.Line("chart-subscribers", "Confirmed subscribers", "subscribers", days, await history.ConfirmedSubscribersAsync(from, today, ct)),
            SvgChart.Bars("chart-delivery", "Delivery time of the day's digests (longest wait from planning to sending, minutes)", "minutes", days,
                ["minutes"], await history.DeliveryMinutesPerDayAsync(from, ct)),
        ];
        return View("/Admin/Pages/_OperationsCharts.cshtml", charts);
    }
}
