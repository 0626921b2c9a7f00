using System.Globalization;

namespace PaperMail.Tests.Observability;

/// <summary>The samples of one Prometheus text exposition, by their full series text (<c>name{labels}</c>).</summary>
public sealed class PrometheusScrape(string text)
{
    public string Text { get; } = text;

    public IReadOnlyDictionary<string, double> Samples { get; } = text
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(line => !line.StartsWith('#'))
        .Select(line => (Series: line[..line.LastIndexOf(' ')], Value: line[(line.LastIndexOf(' ') + 1)..]))
        .ToDictionary(s => s.Series, s => double.Parse(s.Value, CultureInfo.InvariantCulture));

    /// <summary>The value of a series, or null when it is not exposed.</summary>
    public double? this[string series] => Samples.TryGetValue(series, out var value) ? value : null;
}
