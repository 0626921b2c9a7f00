namespace PaperMail.Web.Subscribing;

/// <summary>Clickable examples on the form; each matches papers in DemoData/seed-papers.json (a test checks).</summary>
public static class ExampleQueries
{
    public static readonly IReadOnlyList<(string Query, string Explains)> All =
    [
        ("multilingual -survey", "papers on multilingual models, but not surveys"),
        ("\"long context\" OR longformer", "an exact phrase, or another word"),
        ("title:translation", "a word in the title only"),
        ("retrieval multilingual", "both words, anywhere in title or abstract"),
        ("(urdu OR indian) language", "grouping with parentheses"),
    ];
}
