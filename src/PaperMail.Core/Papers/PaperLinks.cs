namespace PaperMail.Core.Papers;

/// <summary>Where a reader goes for a paper.</summary>
public static class PaperLinks
{
    /// <summary>The Hugging Face paper page when Hugging Face listed it, else the arXiv abstract page.</summary>
    public static string PageUrl(Paper paper) =>
        paper.ListedOn is not null ? $"https://huggingface.co/papers/{Uri.EscapeDataString(paper.Id)}" : AbsUrl(paper.Id);

    public static string AbsUrl(string id) => $"https://arxiv.org/abs/{id}";

    public static string PdfUrl(string id) => $"https://arxiv.org/pdf/{id}";
}
