namespace PaperMail.Core.Subscriptions;

/// <summary>The two kinds of alert, as the form posts them, and how each is put in words.</summary>
public static class AlertKinds
{
    /// <summary>The N most upvoted papers of each day or week, optionally only those matching a query.</summary>
    public const string Top = "top";

    /// <summary>Every new paper matching a query.</summary>
    public const string Query = "query";

    /// <summary>Every new paper close in meaning to a description and/or example papers (semantic alerts).</summary>
    public const string Similar = "similar";

    /// <summary>"papers like “…” and 2 example papers", with its keyword filter if any.</summary>
    public static string DescribeSimilar(Semantic.SimilarAlert similar, string filter) =>
        filter.Length == 0 ? similar.Label : $"{similar.Label}, only those matching {filter}";

    /// <summary>"the top 10 papers of each day about multilingual", or the query itself.</summary>
    public static string Describe(string query, int? topN, DigestFrequency frequency)
    {
        if (topN is not { } n) return query;
        var period = frequency == DigestFrequency.Daily ? "day" : "week";
        return query.Length == 0 ? $"the top {n} papers of each {period}" : $"the top {n} papers of each {period} about {query}";
    }
}
