using System.Numerics.Tensors;

namespace PaperMail.Core.Semantic;

/// <summary>
/// One vector for a similar-papers alert: the mean of its description's and examples' unit vectors, made unit
/// length again. Each part counts once, so three examples outweigh a description; a paper close to any one part
/// still scores well, and the digest names the part it is closest to.
/// </summary>
public static class SemanticAlertVector
{
    public static float[] Combine(IReadOnlyList<float[]> parts, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sum = new float[dimensions];
        foreach (var part in parts) TensorPrimitives.Add(sum, part, sum);
        return CompactVector.Normalize(sum);
    }
}
