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

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(700, 131)]
    public void FindsTheSamePairsAsThePlainLoop(int rows, int papers)
    {
        var random = new Random(rows * 1000 + papers);
        float[] Unit() => CompactVector.Normalize([.. Enumerable.Range(0, 384).Select(_ => (float)random.NextDouble() - 0.3f)]);
        var rowVectors = Enumerable.Range(0, rows).Select(_ => Unit()).ToList();
        // Random vectors with this offset meet at a cosine near 0.32: thresholds around it put pairs on both sides.
        var matrix = new SimilarityMatrix(384, rowVectors, [.. Enumerable.Range(0, rows).Select(_ => 0.28f + (float)random.NextDouble() * 0.08f)]);
        var paperVectors = Enumerable.Range(0, papers).Select(_ => Unit()).ToList();
        paperVectors[0] = [.. rowVectors[0]]; // at least one pair for every size

        var fast = matrix.Match(paperVectors);
        var plain = matrix.MatchNaive(paperVectors);

        Assert.NotEmpty(plain);
        if (rows * papers > 1000) Assert.InRange(plain.Count, rows * papers / 10, rows * papers * 9 / 10);
        Assert.Equal(plain.Select(p => (p.Row, p.Column)).Order(), fast.Select(p => (p.Row, p.Column)).Order());
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
