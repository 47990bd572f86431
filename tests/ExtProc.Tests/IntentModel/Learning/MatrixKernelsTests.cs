using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class MatrixKernelsTests
{
    // Sizes around the kernels' block edges: 4-row blocks, two-vector column blocks, one-vector and scalar tails.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 4, 3, 16 }, { 5, 7, 27 }, { 9, 33, 40 }, { 13, 64, 3 },
        { 10, 20000, 9 }, // long enough that every kernel splits its work into cache-sized chunks
    };

    /// <summary>Float sums of k products drift from the double reference roughly with k.</summary>
    private static double Tolerance(int k) => 1e-4 * Math.Max(1, k / 100);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyMatchesTheDefinition(int m, int k, int n)
    {
        var random = new Random(1);
        var (aStride, bStride, cStride) = (k + 2, n + 1, n + 3);
        var a = GradientCheck.RandomArray(random, m * aStride);
        var b = GradientCheck.RandomArray(random, k * bStride);
        var c = GradientCheck.RandomArray(random, m * cStride);
        var before = (float[])c.Clone();

        MatrixKernels.Multiply(a, aStride, b, bStride, c, cStride, m, k, n, accumulate: true);

        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var expected = before[i * cStride + j] + Enumerable.Range(0, k).Sum(p => (double)a[i * aStride + p] * b[p * bStride + j]);
                Assert.Equal(expected, c[i * cStride + j], Tolerance(k));
            }
        // Padding between rows is never written.
        for (var i = 0; i < m; i++) Assert.Equal(before[i * cStride + n], c[i * cStride + n]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyTransposedAMatchesTheDefinition(int m, int k, int n)
    {
        var random = new Random(2);
        var a = GradientCheck.RandomArray(random, k * m);
        var b = GradientCheck.RandomArray(random, k * n);
        var c = new float[m * n];

        MatrixKernels.MultiplyTransposedA(a, m, b, n, c, n, m, k, n, accumulate: false);

        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                Assert.Equal(Enumerable.Range(0, k).Sum(p => (double)a[p * m + i] * b[p * n + j]), c[i * n + j], Tolerance(k));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyTransposedBMatchesTheDefinition(int m, int k, int n)
    {
        var random = new Random(3);
        var a = GradientCheck.RandomArray(random, m * k);
        var b = GradientCheck.RandomArray(random, n * k);
        var c = Enumerable.Repeat(9f, m * n).ToArray();

        MatrixKernels.MultiplyTransposedB(a, k, b, k, c, n, m, k, n, accumulate: false);

        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                Assert.Equal(Enumerable.Range(0, k).Sum(p => (double)a[i * k + p] * b[j * k + p]), c[i * n + j], Tolerance(k));
    }

    [Fact]
    public void RejectsSpansTooShortForTheShape()
    {
        var small = new float[5];

        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.Multiply(small, 3, new float[9], 3, new float[9], 3, 3, 3, 3, accumulate: false));
    }
}
