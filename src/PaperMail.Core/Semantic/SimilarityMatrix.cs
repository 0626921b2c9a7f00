using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PaperMail.Core.Semantic;

/// <summary>A pair at or above its row's threshold: which row (alert), which column (paper), the cosine.</summary>
public readonly record struct SimilarPair(int Row, int Column, float Similarity);

/// <summary>
/// Unit vectors kept in one contiguous row-major block, each with its own threshold: the alert side of semantic
/// matching. <see cref="Match"/> compares every row against a batch of paper vectors and keeps the pairs at or above
/// the row's threshold. The papers are taken a small block at a time so they stay in cache while every row streams
/// past them once, and each row is multiplied against four papers at a time in SIMD registers: memory traffic, not
/// arithmetic, is what a one-pair-at-a-time loop is bound by.
/// </summary>
public sealed class SimilarityMatrix
{
    /// <summary>Papers kept in cache while the rows stream past (64 × 384 floats ≈ 96 KB).</summary>
    private const int PaperBlock = 64;

    /// <summary>Rows per parallel work item.</summary>
    private const int RowChunk = 512;

    private readonly float[] _rows;
    private readonly float[] _thresholds;

    public SimilarityMatrix(int dimensions, IReadOnlyList<float[]> rows, IReadOnlyList<float> thresholds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (rows.Count != thresholds.Count) throw new ArgumentException("One threshold per row.", nameof(thresholds));
        Dimensions = dimensions;
        _rows = new float[(long)rows.Count * dimensions];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != dimensions) throw new ArgumentException($"Row {i} has {rows[i].Length} dimensions, not {dimensions}.", nameof(rows));
            rows[i].CopyTo(_rows, (long)i * dimensions);
        }
        _thresholds = [.. thresholds];
    }

    public int Dimensions { get; }

    public int Count => _thresholds.Length;

    /// <summary>Bytes held by the row vectors and thresholds.</summary>
    public long Bytes => (long)_rows.Length * sizeof(float) + (long)_thresholds.Length * sizeof(float);

    /// <summary>Every (row, paper) pair whose cosine is at or above the row's threshold; order unspecified.</summary>
    public List<SimilarPair> Match(IReadOnlyList<float[]> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        if (papers.Count == 0 || Count == 0) return [];
        int d = Dimensions;
        var block = new float[(long)papers.Count * d];
        for (int j = 0; j < papers.Count; j++)
        {
            if (papers[j].Length != d) throw new ArgumentException($"Paper {j} has {papers[j].Length} dimensions, not {d}.", nameof(papers));
            papers[j].CopyTo(block, (long)j * d);
        }
        int chunks = (Count + RowChunk - 1) / RowChunk;
        var found = new List<SimilarPair>[chunks];
        Parallel.For(0, chunks, c => found[c] = MatchChunk(c * RowChunk, Math.Min(Count, (c + 1) * RowChunk), block, papers.Count));
        var all = new List<SimilarPair>();
        foreach (var list in found) all.AddRange(list);
        return all;
    }

    /// <summary>The plain loop: one pair at a time, one multiply at a time. The benchmark's baseline and the tests' reference.</summary>
    public List<SimilarPair> MatchNaive(IReadOnlyList<float[]> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var all = new List<SimilarPair>();
        int d = Dimensions;
        for (int j = 0; j < papers.Count; j++)
        {
            var p = papers[j];
            for (int r = 0; r < Count; r++)
            {
                float sum = 0;
                long offset = (long)r * d;
                for (int k = 0; k < d; k++) sum += _rows[offset + k] * p[k];
                if (sum >= _thresholds[r]) all.Add(new SimilarPair(r, j, sum));
            }
        }
        return all;
    }

    private List<SimilarPair> MatchChunk(int rowStart, int rowEnd, float[] block, int paperCount)
    {
        var found = new List<SimilarPair>();
        int d = Dimensions;
        Span<float> scores = stackalloc float[4];
        for (int p0 = 0; p0 < paperCount; p0 += PaperBlock)
        {
            int p1 = Math.Min(paperCount, p0 + PaperBlock);
            for (int r = rowStart; r < rowEnd; r++)
            {
                var row = _rows.AsSpan((int)((long)r * d), d);
                float threshold = _thresholds[r];
                int j = p0;
                for (; j + 4 <= p1; j += 4)
                {
                    Dot4(row, block.AsSpan(j * d, 4 * d), scores);
                    for (int k = 0; k < 4; k++) if (scores[k] >= threshold) found.Add(new SimilarPair(r, j + k, scores[k]));
                }
                for (; j < p1; j++)
                {
                    var score = TensorPrimitives.Dot(row, block.AsSpan(j * d, d));
                    if (score >= threshold) found.Add(new SimilarPair(r, j, score));
                }
            }
        }
        return found;
    }

    /// <summary>The dot products of one row with four consecutive papers, sharing each load of the row.</summary>
    private static void Dot4(ReadOnlySpan<float> row, ReadOnlySpan<float> four, Span<float> scores)
    {
        int d = row.Length;
        if (!Vector256.IsHardwareAccelerated || d % Vector256<float>.Count != 0)
        {
            for (int k = 0; k < 4; k++) scores[k] = TensorPrimitives.Dot(row, four.Slice(k * d, d));
            return;
        }
        ref float a = ref MemoryMarshal.GetReference(row);
        ref float b = ref MemoryMarshal.GetReference(four);
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        for (int i = 0; i < d; i += Vector256<float>.Count)
        {
            var x = Vector256.LoadUnsafe(ref a, (nuint)i);
            s0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref b, (nuint)i), s0);
            s1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref Unsafe.Add(ref b, d), (nuint)i), s1);
            s2 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref Unsafe.Add(ref b, 2 * d), (nuint)i), s2);
            s3 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref Unsafe.Add(ref b, 3 * d), (nuint)i), s3);
        }
        scores[0] = Vector256.Sum(s0);
        scores[1] = Vector256.Sum(s1);
        scores[2] = Vector256.Sum(s2);
        scores[3] = Vector256.Sum(s3);
    }
}
