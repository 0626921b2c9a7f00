using System.Text.RegularExpressions;
using PaperMail.Core.Semantic;

namespace PaperMail.Tests.Semantic;

/// <summary>
/// A deterministic stand-in for the model where the model itself is not under test: each lower-cased word adds 1 to
/// one of 384 dimensions (FNV-1a hash), and the sum is made unit length. Identical texts get identical vectors,
/// texts sharing most words get close ones, texts sharing none are orthogonal. Counts the texts it was asked for.
/// </summary>
public sealed partial class FakeTextEmbedder : ITextEmbedder
{
    private int _texts;

    public string Model => "fake-bag-of-words";

    public int Dimensions => 384;

    public int TextsEmbedded => Volatile.Read(ref _texts);

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct)
    {
        Interlocked.Add(ref _texts, texts.Count);
        return [.. texts.Select(Vector)];
    }

    public float[] Vector(string text)
    {
        var v = new float[Dimensions];
        foreach (Match m in Word().Matches(text.ToLowerInvariant()))
        {
            uint h = 2166136261;
            foreach (var c in m.Value) h = (h ^ c) * 16777619;
            v[h % Dimensions] += 1;
        }
        return CompactVector.Normalize(v);
    }

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex Word();
}
