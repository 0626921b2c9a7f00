using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using PaperMail.Core.Operations;

namespace PaperMail.Web.Admin.Charts;

/// <summary>
/// Server-rendered SVG charts of daily values: no script, no inline style (the content security policy allows
/// neither); colours come from admin.css classes and variables, so they follow light and dark mode. Each chart has a
/// title and a description for screen readers, and each bar or point its own title ("2026-12-01: 5 sent").
/// Every mark carries <c>data-day</c>, <c>data-series</c> and <c>data-value</c>.
/// </summary>
public static class SvgChart
{
    public const int PlotHeight = 120;
    private const int Left = 44, Top = 10, Slot = 18, BarWidth = 14;

    /// <summary>Bars per day, stacked by series in the order given.</summary>
    public static IHtmlContent Bars(string id, string title, string unit, IReadOnlyList<DateOnly> days, IReadOnlyList<string> series, IReadOnlyList<DailyValue> values)
    {
        var byKey = values.ToDictionary(v => (v.Series, v.Day), v => v.Value);
        var totals = days.Select(d => series.Sum(s => byKey.GetValueOrDefault((s, d)))).ToList();
        var max = Math.Max(1, totals.Max());
        var marks = new StringBuilder();
        for (var i = 0; i < days.Count; i++)
        {
            var y = (double)Top + PlotHeight;
            for (var s = 0; s < series.Count; s++)
            {
                var value = byKey.GetValueOrDefault((series[s], days[i]));
                if (value <= 0) continue;
                var height = Round(value / max * PlotHeight);
                y -= height;
                marks.Append(CultureInfo.InvariantCulture, $"<rect class=\"s{s % 6}\" x=\"{Left + (i * Slot) + ((Slot - BarWidth) / 2)}\" y=\"{Num(Round(y))}\" width=\"{BarWidth}\" height=\"{Num(height)}\" ")
                    .Append(CultureInfo.InvariantCulture, $"data-day=\"{Day(days[i])}\" data-series=\"{Enc(series[s])}\" data-value=\"{Num(value)}\">")
                    .Append(CultureInfo.InvariantCulture, $"<title>{Day(days[i])}: {Num(value)} {Enc(series.Count > 1 ? series[s] : unit)}</title></rect>");
            }
        }
        var total = totals.Sum();
        var desc = $"{days.Count} days from {Day(days[0])} to {Day(days[^1])}: {Num(total)} {unit} in all, at most {Num(totals.Max())} on one day.";
        return Frame(id, title, desc, max, days, marks.ToString(), series.Count > 1 ? series : []);
    }

    /// <summary>A line through one value per day.</summary>
    public static IHtmlContent Line(string id, string title, string unit, IReadOnlyList<DateOnly> days, IReadOnlyList<DailyValue> values)
    {
        var byDay = values.ToDictionary(v => v.Day, v => v.Value);
        var points = days.Select((d, i) => (Day: d, X: Left + (i * Slot) + (Slot / 2), Value: byDay.GetValueOrDefault(d))).ToList();
        var max = Math.Max(1, points.Max(p => p.Value));
        double Y(double v) => Round(Top + PlotHeight - (v / max * PlotHeight));
        var marks = new StringBuilder();
        marks.Append("<polyline class=\"line\" fill=\"none\" points=\"")
            .AppendJoin(' ', points.Select(p => $"{p.X},{Num(Y(p.Value))}"))
            .Append("\"/>");
        foreach (var p in points)
        {
            marks.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{p.X}\" cy=\"{Num(Y(p.Value))}\" r=\"3\" data-day=\"{Day(p.Day)}\" data-series=\"{Enc(unit)}\" data-value=\"{Num(p.Value)}\">")
                .Append(CultureInfo.InvariantCulture, $"<title>{Day(p.Day)}: {Num(p.Value)} {Enc(unit)}</title></circle>");
        }
        var desc = $"{days.Count} days from {Day(days[0])} to {Day(days[^1])}: {Num(points[0].Value)} {unit} at the start, {Num(points[^1].Value)} at the end.";
        return Frame(id, title, desc, max, days, marks.ToString(), []);
    }

    private static HtmlString Frame(string id, string title, string desc, double max, IReadOnlyList<DateOnly> days, string marks, IReadOnlyList<string> legend)
    {
        var width = Left + (days.Count * Slot) + 8;
        var bottom = Top + PlotHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" id=\"{Enc(id)}\">")
            .Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-labelledby=\"{Enc(id)}-title {Enc(id)}-desc\" viewBox=\"0 0 {width} {bottom + 24}\" width=\"{width}\" height=\"{bottom + 24}\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{Enc(id)}-title\">{Enc(title)}</title><desc id=\"{Enc(id)}-desc\">{Enc(desc)}</desc>")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{bottom}\" x2=\"{width - 4}\" y2=\"{bottom}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{width - 4}\" y2=\"{Top}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{Left - 6}\" y=\"{Top + 4}\" text-anchor=\"end\">{Num(max)}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{Left - 6}\" y=\"{bottom + 4}\" text-anchor=\"end\">0</text>");
        foreach (var i in new[] { 0, days.Count / 2, days.Count - 1 }.Distinct())
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{Left + (i * Slot) + (Slot / 2)}\" y=\"{bottom + 18}\" text-anchor=\"middle\">{days[i]:MM-dd}</text>");
        }
        svg.Append(marks).Append("</svg>");
        svg.Append(CultureInfo.InvariantCulture, $"<figcaption>{Enc(title)}");
        if (legend.Count > 0)
        {
            svg.Append("<span class=\"legend\">");
            for (var s = 0; s < legend.Count; s++) svg.Append(CultureInfo.InvariantCulture, $" <span class=\"key s{s % 6}\">{Enc(legend[s])}</span>");
            svg.Append("</span>");
        }
        svg.Append("</figcaption></figure>");
        return new HtmlString(svg.ToString());
    }

    private static double Round(double v) => Math.Round(v, 1);

    private static string Num(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Enc(string s) => HtmlEncoder.Default.Encode(s);
}
