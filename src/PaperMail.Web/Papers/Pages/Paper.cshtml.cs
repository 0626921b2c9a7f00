using PaperMail.Core.Papers;
using PaperMail.Core.Semantic;
using PaperMail.Core.Trending;

namespace PaperMail.Web.Papers.Pages;

/// <summary><c>/papers/{arxivId}</c>: one paper in full, with alerts it suggests.</summary>
public sealed class PaperModel(IPaperStore papers, IOptions<SemanticOptions> semantic, IServiceProvider services) : PageModel
{
    public const int MoreLikeThisCount = 5;

    public bool SemanticEnabled => semantic.Value.Enabled;

    /// <summary>The recent papers closest in meaning (same model as similar-papers alerts); empty when that is off.</summary>
    public IReadOnlyList<SimilarPreviewPaper> MoreLikeThis { get; private set; } = [];

    public Paper? Paper { get; private set; }

    public IReadOnlyList<SuggestedAlert> Suggestions { get; private set; } = [];

    public async Task OnGetAsync(string id, CancellationToken ct)
    {
        // Ids are looked up as given (arXiv ids are plain text); an unknown one is a 404 page, never a 500.
        Paper = id.Length <= 64 ? await papers.GetAsync(id, ct) : null;
        if (Paper is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Suggestions = SimilarPaperQueries.For(Paper);
        if (SemanticEnabled) MoreLikeThis = await services.GetRequiredService<SimilarPreviewService>().MoreLikeAsync(Paper.Id, MoreLikeThisCount, ct);
        Response.Headers.CacheControl = $"public, max-age={IndexModel.CacheSeconds}";
    }
}
