using TtsOrchestrator.Trainer.Managed;

namespace TtsOrchestrator.Trainer.Tests;

public class GemmTests
{
    [Theory]
    [InlineData(4, 2, 8)]
    [InlineData(7, 5, 13)] // tails in every dimension
    [InlineData(9, 70, 256)] // more than one block of B
    [InlineData(1, 1, 3)]
    public void The_tiled_product_equals_the_naive_one(int m, int n, int k)
    {
        var random = new Random(m * 1000 + n * 10 + k);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var b = Enumerable.Range(0, n * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var c = Enumerable.Range(0, m * n).Select(_ => 1f).ToArray();

        Gemm.MultiplyTransposed(a, b, c, m, n, k, accumulate: true);

        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double expected = 1;
                for (var p = 0; p < k; p++) expected += a[i * k + p] * b[j * k + p];
                Assert.Equal(expected, c[i * n + j], 4);
            }
    }

    [Fact]
    public void Transpose_swaps_rows_and_columns() =>
        Assert.Equal([1f, 4, 2, 5, 3, 6], Gemm.Transpose([1f, 2, 3, 4, 5, 6], 2, 3));
}
