using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PaperMail.Core.Semantic;

/// <summary>A pair at or above its row's threshold: which row (alert), which column (paper), the cosine.</summary>
public readonly record struct SimilarPair(int Row, int Column, float Similarity);

/// <summary>
/// Unit vectors (the alerts) with one threshold each, laid out for a matrix product: <see cref="Match"/> works out
/// every row's dot product with every paper of a batch, as a small matrix multiplication, and keeps the pairs at or
/// above the row's threshold.
/// <para>
/// The layout is a GEMM micro-kernel's: rows are stored in panels of <see cref="RowTile"/>, dimension-major, so one
/// panel step is <see cref="RowTile"/> consecutive floats; papers are packed the same way in panels of
/// <see cref="PaperTile"/>. The kernel keeps a <see cref="RowTile"/> × <see cref="PaperTile"/> block of dot
/// products in twelve 256-bit registers and, per dimension, broadcasts each row's value and multiply-adds it into
/// two vectors of eight papers: arithmetic, not loads, bounds it, and a block's thresholds are checked with one
/// vector compare per eight pairs (no horizontal sums). Papers are taken a block at a time so they stay in the
/// core's L2 while the row panels stream past; rows are split over the cores.
/// </para>
/// Built once per set of alerts and kept between match runs (see <see cref="SemanticAlertCache"/>).
/// </summary>
public sealed class SimilarityMatrix
{
    /// <summary>Rows per micro-kernel block: each contributes two 8-paper accumulators (12 of 16 vector registers).</summary>
    internal const int RowTile = 6;

    /// <summary>Papers per micro-kernel block: two 256-bit vectors of floats.</summary>
    internal const int PaperTile = 16;

    /// <summary>Papers kept in L2 while the row panels stream past (256 × 384 floats = 384 KB).</summary>
    private const int PaperBlock = 256;

    /// <summary>Row panels per parallel work item.</summary>
    private const int PanelsPerChunk = 64;

    private readonly float[] _panels;
    private readonly float[] _thresholds;

    /// <summary>Writes row <paramref name="row"/>'s vector into <paramref name="into"/> (its dimensions long).</summary>
    public delegate void RowWriter(int row, Span<float> into);

    public SimilarityMatrix(int dimensions, IReadOnlyList<float[]> rows, IReadOnlyList<float> thresholds)
        : this(dimensions, rows?.Count ?? throw new ArgumentNullException(nameof(rows)), (i, into) =>
        {
            if (rows[i].Length != dimensions) throw new ArgumentException($"Row {i} has {rows[i].Length} dimensions, not {dimensions}.", nameof(rows));
            rows[i].CopyTo(into);
        }, thresholds)
    {
    }

    /// <summary>
    /// A matrix of <paramref name="count"/> rows, each written by <paramref name="write"/> into the layout directly:
    /// 100,000 alerts are decoded from their compact form without a second copy of them all.
    /// </summary>
    public SimilarityMatrix(int dimensions, int count, RowWriter write, IReadOnlyList<float> thresholds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (count != thresholds.Count) throw new ArgumentException("One threshold per row.", nameof(thresholds));
        Dimensions = dimensions;
        Count = count;
        _panels = new float[(long)PanelCount(count) * RowTile * dimensions];
        // Padding rows are zero vectors with an unreachable threshold: they never yield a pair.
        _thresholds = new float[PanelCount(count) * RowTile];
        Array.Fill(_thresholds, float.PositiveInfinity);
        var row = new float[dimensions];
        for (int i = 0; i < count; i++)
        {
            write(i, row);
            Pack(row, _panels, i, RowTile, dimensions);
            _thresholds[i] = thresholds[i];
        }
    }

    private SimilarityMatrix(int dimensions, int count, float[] panels, float[] thresholds)
    {
        Dimensions = dimensions;
        Count = count;
        _panels = panels;
        _thresholds = thresholds;
    }

    public int Dimensions { get; }

    public int Count { get; }

    /// <summary>Bytes held by the row vectors (padded to whole panels) and thresholds.</summary>
    public long Bytes => (long)_panels.Length * sizeof(float) + (long)_thresholds.Length * sizeof(float);

    /// <summary>A matrix of some of these rows, in the order given (row i of the result is row <c>rows[i]</c> here).</summary>
    public SimilarityMatrix Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int d = Dimensions;
        var panels = new float[(long)PanelCount(rows.Count) * RowTile * d];
        var thresholds = new float[PanelCount(rows.Count) * RowTile];
        Array.Fill(thresholds, float.PositiveInfinity);
        var row = new float[d];
        for (int i = 0; i < rows.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rows[i], (uint)Count, nameof(rows));
            CopyRow(rows[i], row);
            Pack(row, panels, i, RowTile, d);
            thresholds[i] = _thresholds[rows[i]];
        }
        return new SimilarityMatrix(d, rows.Count, panels, thresholds);
    }

    /// <summary>Every (row, paper) pair whose dot product is at or above the row's threshold; order unspecified.</summary>
    public List<SimilarPair> Match(IReadOnlyList<float[]> papers) => Match(papers, vectorised: Fma.IsSupported && Avx.IsSupported);

    internal List<SimilarPair> Match(IReadOnlyList<float[]> papers, bool vectorised)
    {
        ArgumentNullException.ThrowIfNull(papers);
        if (papers.Count == 0 || Count == 0) return [];
        int d = Dimensions;
        int paperPanels = (papers.Count + PaperTile - 1) / PaperTile;
        var packed = new float[(long)paperPanels * PaperTile * d];
        for (int j = 0; j < papers.Count; j++)
        {
            if (papers[j].Length != d) throw new ArgumentException($"Paper {j} has {papers[j].Length} dimensions, not {d}.", nameof(papers));
            Pack(papers[j], packed, j, PaperTile, d);
        }
        int rowPanels = PanelCount(Count);
        int chunks = (rowPanels + PanelsPerChunk - 1) / PanelsPerChunk;
        var found = new List<SimilarPair>[chunks];
        Parallel.For(0, chunks, c =>
        {
            var list = new List<SimilarPair>();
            int first = c * PanelsPerChunk, last = Math.Min(rowPanels, first + PanelsPerChunk);
            for (int block = 0; block < paperPanels; block += PaperBlock / PaperTile)
            {
                int blockEnd = Math.Min(paperPanels, block + PaperBlock / PaperTile);
                for (int r = first; r < last; r++)
                {
                    for (int p = block; p < blockEnd; p++)
                    {
                        if (vectorised) Tile(r, packed, p, papers.Count, list);
                        else TilePlain(r, packed, p, papers.Count, list);
                    }
                }
            }
            found[c] = list;
        });
        var all = new List<SimilarPair>(found.Sum(f => f.Count));
        foreach (var list in found) all.AddRange(list);
        return all;
    }

    /// <summary>
    /// The plain loop over the same vectors (row-major, as given): one pair at a time, one multiply at a time. The
    /// benchmark's baseline and the tests' reference.
    /// </summary>
    public static List<SimilarPair> MatchNaive(IReadOnlyList<float[]> rows, IReadOnlyList<float> thresholds, IReadOnlyList<float[]> papers)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(papers);
        var all = new List<SimilarPair>();
        for (int j = 0; j < papers.Count; j++)
        {
            var p = papers[j];
            for (int r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                float sum = 0;
                for (int k = 0; k < row.Length; k++) sum += row[k] * p[k];
                if (sum >= thresholds[r]) all.Add(new SimilarPair(r, j, sum));
            }
        }
        return all;
    }

    private static int PanelCount(int rows) => (rows + RowTile - 1) / RowTile;

    /// <summary>Writes <paramref name="vector"/> as member <paramref name="index"/> of the dimension-major panels of <paramref name="tile"/>.</summary>
    private static void Pack(float[] vector, float[] panels, int index, int tile, int d)
    {
        long at = (long)(index / tile) * tile * d + index % tile;
        for (int k = 0; k < d; k++) panels[at + (long)k * tile] = vector[k];
    }

    private void CopyRow(int row, float[] into)
    {
        int d = Dimensions;
        long at = (long)(row / RowTile) * RowTile * d + row % RowTile;
        for (int k = 0; k < d; k++) into[k] = _panels[at + (long)k * RowTile];
    }

    /// <summary>
    /// The micro-kernel: row panel <paramref name="rowPanel"/> against paper panel <paramref name="paperPanel"/>.
    /// Twelve accumulators are named locals so the JIT keeps them in registers; the row values are broadcast straight
    /// from memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tile(int rowPanel, float[] papers, int paperPanel, int paperCount, List<SimilarPair> found)
    {
        int d = Dimensions;
        ref float a = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_panels), (nint)rowPanel * RowTile * d);
        ref float b = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(papers), (nint)paperPanel * PaperTile * d);
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < d; k++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, 8);
            var x = Vector256.Create(a);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(Unsafe.Add(ref a, 4));
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(Unsafe.Add(ref a, 5));
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
            a = ref Unsafe.Add(ref a, RowTile);
            b = ref Unsafe.Add(ref b, PaperTile);
        }
        int row = rowPanel * RowTile, column = paperPanel * PaperTile;
        var t = _thresholds.AsSpan(row, RowTile);
        // Almost every block has no pair at or above its thresholds: one combined test decides that.
        var t0 = Vector256.Create(t[0]);
        var t1 = Vector256.Create(t[1]);
        var t2 = Vector256.Create(t[2]);
        var t3 = Vector256.Create(t[3]);
        var t4 = Vector256.Create(t[4]);
        var t5 = Vector256.Create(t[5]);
        var any = Vector256.GreaterThanOrEqual(c00, t0) | Vector256.GreaterThanOrEqual(c01, t0)
            | Vector256.GreaterThanOrEqual(c10, t1) | Vector256.GreaterThanOrEqual(c11, t1)
            | Vector256.GreaterThanOrEqual(c20, t2) | Vector256.GreaterThanOrEqual(c21, t2)
            | Vector256.GreaterThanOrEqual(c30, t3) | Vector256.GreaterThanOrEqual(c31, t3)
            | Vector256.GreaterThanOrEqual(c40, t4) | Vector256.GreaterThanOrEqual(c41, t4)
            | Vector256.GreaterThanOrEqual(c50, t5) | Vector256.GreaterThanOrEqual(c51, t5);
        if (any == Vector256<float>.Zero) return;
        Keep(found, row + 0, column, c00, c01, t[0], paperCount);
        Keep(found, row + 1, column, c10, c11, t[1], paperCount);
        Keep(found, row + 2, column, c20, c21, t[2], paperCount);
        Keep(found, row + 3, column, c30, c31, t[3], paperCount);
        Keep(found, row + 4, column, c40, c41, t[4], paperCount);
        Keep(found, row + 5, column, c50, c51, t[5], paperCount);
    }

    private static void Keep(List<SimilarPair> found, int row, int column, Vector256<float> low, Vector256<float> high, float threshold, int paperCount)
    {
        for (int i = 0; i < PaperTile; i++)
        {
            var score = i < 8 ? low[i] : high[i - 8];
            // Padding papers (zero vectors) past the batch are never kept, whatever the threshold.
            if (score >= threshold && column + i < paperCount) found.Add(new SimilarPair(row, column + i, score));
        }
    }

    /// <summary>The same block without SIMD, for machines without FMA (and the tests).</summary>
    private void TilePlain(int rowPanel, float[] papers, int paperPanel, int paperCount, List<SimilarPair> found)
    {
        int d = Dimensions;
        long a = (long)rowPanel * RowTile * d, b = (long)paperPanel * PaperTile * d;
        for (int r = 0; r < RowTile; r++)
        {
            int row = rowPanel * RowTile + r;
            if (row >= Count) break;
            for (int p = 0; p < PaperTile && paperPanel * PaperTile + p < paperCount; p++)
            {
                float sum = 0;
                for (int k = 0; k < d; k++) sum = MathF.FusedMultiplyAdd(_panels[a + (long)k * RowTile + r], papers[b + (long)k * PaperTile + p], sum);
                if (sum >= _thresholds[row]) found.Add(new SimilarPair(row, paperPanel * PaperTile + p, sum));
            }
        }
    }
}
