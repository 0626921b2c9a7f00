using PaperMail.Core.Semantic;

namespace PaperMail.Tests.Semantic;

public sealed class SimilarityMatrixTests
{
    private static float[] Axis(int d, params (int Index, float Value)[] values)
    {
        var v = new float[d];
        foreach (var (i, x) in values) v[i] = x;
        return v;
    }

    [Fact]
    public void KeepsExactlyThePairsAtOrAboveEachRowsThreshold()
    {
        const int D = 16;
        // Row 0 is axis 0; row 1 is halfway between axes 0 and 1. Dot products worked out by hand: 0.6 = 0.6·1.
        var rows = new[] { Axis(D, (0, 1f)), Axis(D, (0, 0.6f), (1, 0.8f)) };
        var papers = new[] { Axis(D, (0, 1f)), Axis(D, (1, 1f)), Axis(D, (2, 1f)), Axis(D, (0, 0.6f), (1, 0.8f)), Axis(D, (0, 0.8f), (1, 0.6f)) };
        var matrix = new SimilarityMatrix(D, rows, [0.7f, 0.9f]);

        var found = matrix.Match(papers).Select(p => (p.Row, p.Column, MathF.Round(p.Similarity, 3))).OrderBy(p => p).ToList();

        // Row 0 with papers 0 (1.0) and 4 (0.8); paper 3 is 0.6, below 0.7. Row 1 with paper 3 (1.0) and paper 4 (0.96).
        Assert.Equal([(0, 0, 1f), (0, 4, 0.8f), (1, 3, 1f), (1, 4, 0.96f)], found);
    }

    /// <summary>Random unit vectors with a common offset: they meet at cosines near 0.32, so thresholds around it split the pairs.</summary>
    private static List<float[]> Units(Random random, int count, int d = 384) =>
        [.. Enumerable.Range(0, count).Select(_ => CompactVector.Normalize([.. Enumerable.Range(0, d).Select(_ => (float)random.NextDouble() - 0.3f)]))];

    /// <summary>The reference, written apart from the code under test: every pair's dot product in double precision.</summary>
    private static double[,] Exact(IReadOnlyList<float[]> rows, IReadOnlyList<float[]> papers)
    {
        var exact = new double[rows.Count, papers.Count];
        for (int r = 0; r < rows.Count; r++)
            for (int p = 0; p < papers.Count; p++)
            {
                double sum = 0;
                for (int k = 0; k < rows[r].Length; k++) sum += (double)rows[r][k] * papers[p][k];
                exact[r, p] = sum;
            }
        return exact;
    }

    /// <summary>
    /// The fast kernel (SIMD, and its plain fallback) keeps exactly the pairs the double-precision reference puts at or
    /// above each row's threshold, with the same similarity to 1e-4. Sizes cover no papers, no rows, one of each, counts
    /// below, at and past the kernel's tiles (6 rows × 16 papers) and its 256-paper block.
    /// </summary>
    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(6, 16)]
    [InlineData(7, 17)]
    [InlineData(13, 33)]
    [InlineData(12, 257)]
    [InlineData(389, 300)]
    public void FindsExactlyThePairsTheReferenceFindsWithTheSameSimilarity(int rows, int papers)
    {
        var random = new Random(rows * 1000 + papers);
        var rowVectors = Units(random, rows);
        var thresholds = Enumerable.Range(0, rows).Select(_ => 0.28f + (float)random.NextDouble() * 0.08f).ToList();
        var paperVectors = Units(random, papers);
        if (rows > 0 && papers > 0) paperVectors[papers - 1] = [.. rowVectors[rows - 1]]; // at least one pair, in the last tile
        var matrix = new SimilarityMatrix(384, rowVectors, thresholds);
        var exact = Exact(rowVectors, paperVectors);
        // Float rounding may put a pair within a hair of its threshold on either side: such pairs (rare) are not judged.
        bool Borderline(int r, int p) => Math.Abs(exact[r, p] - thresholds[r]) < 1e-5;
        var expected = new List<(int, int)>();
        for (int r = 0; r < rows; r++)
            for (int p = 0; p < papers; p++)
                if (exact[r, p] >= thresholds[r] && !Borderline(r, p)) expected.Add((r, p));

        foreach (var vectorised in new[] { true, false })
        {
            var found = matrix.Match(paperVectors, vectorised);

            Assert.Equal(expected, found.Where(f => !Borderline(f.Row, f.Column)).Select(f => (f.Row, f.Column)).Order());
            Assert.All(found, f => Assert.InRange(f.Similarity - exact[f.Row, f.Column], -1e-4, 1e-4));
            Assert.Equal(found.Count, found.Select(f => (f.Row, f.Column)).Distinct().Count());
        }
        if (rows > 0 && papers > 0) Assert.NotEmpty(expected);
        if (rows * papers > 10_000) Assert.InRange(expected.Count, rows * papers / 10, rows * papers * 9 / 10);
    }

    [Fact]
    public void TheNaiveLoopFindsThePairsTheKernelFinds()
    {
        var random = new Random(5);
        var rows = Units(random, 50);
        var papers = Units(random, 40);
        var thresholds = Enumerable.Repeat(0.32f, 50).ToList();

        var naive = SimilarityMatrix.MatchNaive(rows, thresholds, papers);
        var fast = new SimilarityMatrix(384, rows, thresholds).Match(papers);

        Assert.InRange(naive.Count, 200, 1800);
        Assert.Equal(naive.Select(p => (p.Row, p.Column)).Order(), fast.Select(p => (p.Row, p.Column)).Order());
    }

    [Fact]
    public void PaddingBeyondTheLastRowAndPaperNeverMakesAPairEvenWithANegativeThreshold()
    {
        var random = new Random(3);
        var matrix = new SimilarityMatrix(384, Units(random, 7), [.. Enumerable.Repeat(-2f, 7)]);

        var found = matrix.Match(Units(random, 17));

        // Every real pair (7 × 17) passes a threshold of -2; the 5 padding rows and 15 padding papers add none.
        Assert.Equal(7 * 17, found.Count);
        Assert.All(found, f => Assert.True(f.Row < 7 && f.Column < 17));
    }

    [Fact]
    public void ASelectionOfRowsMatchesAsThoseRowsAloneWouldWithTheirOwnNumbers()
    {
        var random = new Random(11);
        var rows = Units(random, 20);
        var thresholds = Enumerable.Range(0, 20).Select(i => 0.3f + i * 0.002f).ToList();
        var papers = Units(random, 30);
        int[] picked = [19, 2, 7];

        var found = new SimilarityMatrix(384, rows, thresholds).Select(picked).Match(papers);
        var alone = new SimilarityMatrix(384, [.. picked.Select(i => rows[i])], [.. picked.Select(i => thresholds[i])]).Match(papers);

        Assert.NotEmpty(alone);
        Assert.Equal(alone.Select(p => (p.Row, p.Column, p.Similarity)).Order(), found.Select(p => (p.Row, p.Column, p.Similarity)).Order());
    }

    [Fact]
    public void DimensionsNotAMultipleOfTheVectorWidthWork()
    {
        const int D = 13;
        var rows = new[] { Axis(D, (12, 1f)), Axis(D, (0, 1f)) };
        var papers = new[] { Axis(D, (12, 0.5f)), Axis(D, (0, 0.9f), (12, 0.1f)) };

        var found = new SimilarityMatrix(D, rows, [0.4f, 0.4f]).Match(papers).Select(p => (p.Row, p.Column, MathF.Round(p.Similarity, 3))).Order();

        Assert.Equal([(0, 0, 0.5f), (1, 1, 0.9f)], found);
    }

    [Fact]
    public void CompactVectorsKeepCosineWithinOneHundredth()
    {
        var random = new Random(7);
        for (int i = 0; i < 50; i++)
        {
            var a = CompactVector.Normalize([.. Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
            var b = CompactVector.Normalize([.. a.Select(x => x + (float)(random.NextDouble() - 0.5) * 0.1f)]);
            double exact = 0;
            for (int k = 0; k < 384; k++) exact += (double)a[k] * b[k];
            var qa = CompactVector.Normalize(CompactVector.Decode(CompactVector.Encode(a)));
            var qb = CompactVector.Normalize(CompactVector.Decode(CompactVector.Encode(b)));
            double quantised = 0;
            for (int k = 0; k < 384; k++) quantised += (double)qa[k] * qb[k];

            Assert.Equal(388, CompactVector.Encode(a).Length);
            Assert.InRange(quantised - exact, -0.01, 0.01);
        }
    }
}
