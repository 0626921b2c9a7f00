using PaperMail.Core.Semantic;

namespace PaperMail.Web.Semantic;

/// <summary>What the admin overview says about similar-papers alerts: off, or how far the embedding back-fill has got.</summary>
public sealed record SemanticProgress(bool Enabled, string Model, long Embedded, long Total)
{
    public int Percent => Total == 0 ? 100 : (int)(100 * Embedded / Total);
}

/// <summary>
/// The overview's "Semantic alerts" section. Switched off it touches nothing; switched on it names the model in use
/// (resolving it, which the embed and match jobs do anyway).
/// </summary>
public sealed class SemanticProgressViewComponent(ISemanticStore store, IOptions<SemanticOptions> options, IServiceProvider services) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!options.Value.Enabled) return View("/Semantic/_SemanticProgress.cshtml", new SemanticProgress(false, "", 0, 0));
        var model = services.GetRequiredService<ITextEmbedder>().Model;
        var (embedded, total) = await store.CountAsync(model, HttpContext.RequestAborted);
        return View("/Semantic/_SemanticProgress.cshtml", new SemanticProgress(true, model, embedded, total));
    }
}
