namespace PaperMail.Core.Papers;

/// <summary>Where a reader goes for a paper.</summary>
public static class PaperLinks
{
    /// <summary>
    /// The Hugging Face paper page when the paper came from Hugging Face, else the arXiv abstract page. Only Hugging Face
    /// reports upvotes or a listing day, so either one marks a paper it has a page for.
    /// </summary>
    public static string PageUrl(Paper paper) =>
        FromHuggingFace(paper) ? $"https://huggingface.co/papers/{Uri.EscapeDataString(paper.Id)}" : AbsUrl(paper.Id);

    public static bool FromHuggingFace(Paper paper) => paper.ListedOn is not null || paper.Upvotes is not null;

    public static string AbsUrl(string id) => $"https://arxiv.org/abs/{id}";

    public static string PdfUrl(string id) => $"https://arxiv.org/pdf/{id}";
}
