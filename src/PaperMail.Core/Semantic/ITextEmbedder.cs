namespace PaperMail.Core.Semantic;

/// <summary>
/// A sentence-embedding model: texts in, one unit-length vector per text out. The model lives in its own project
/// (PaperMail.Semantic) so Core carries no ML dependency and another model can replace it.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Names the model and its version; stored with every vector so a model change re-embeds.</summary>
    string Model { get; }

    int Dimensions { get; }

    /// <summary>One vector of <see cref="Dimensions"/> floats per text, each of unit length, in input order.</summary>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct);
}
