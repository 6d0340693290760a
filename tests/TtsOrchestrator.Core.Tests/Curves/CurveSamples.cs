using MathNet.Numerics.Distributions;
using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

/// <summary>Builds problems for curve tests: by hand, from counts, or simulated from a Beta prior.</summary>
internal static class CurveSamples
{
    /// <summary>Samples answering as given; an answer is correct when it equals <paramref name="right"/>.</summary>
    public static ProblemSamples Votes(string right, params string?[] answers) =>
        new("p", null, answers, answers.Select(a => a == right).ToArray());

    /// <summary>n samples of which the first c are correct (answer "right"), the rest "wrong".</summary>
    public static ProblemSamples Counts(int n, int c, string id = "p") =>
        new(id, null,
            Enumerable.Range(0, n).Select(i => (string?)(i < c ? "right" : "wrong")).ToArray(),
            Enumerable.Range(0, n).Select(i => i < c).ToArray());

    /// <summary>
    /// <paramref name="problems"/> problems whose pass@1 is drawn from Beta(α, β), each with
    /// <paramref name="samples"/> Bernoulli samples, all from one seeded stream.
    /// </summary>
    public static List<ProblemSamples> SimulateBeta(double alpha, double beta, int problems, int samples, int seed)
    {
        var rng = new Random(seed);
        var list = new List<ProblemSamples>(problems);
        for (var i = 0; i < problems; i++)
        {
            var p = Beta.Sample(rng, alpha, beta);
            var correct = Enumerable.Range(0, samples).Select(_ => rng.NextDouble() < p).ToArray();
            list.Add(new ProblemSamples($"sim{i}", null, correct.Select(c => (string?)(c ? "right" : "wrong")).ToArray(), correct));
        }
        return list;
    }

    /// <summary>Exact C(n, k) as a double through 64-bit integers (n &lt;= 60).</summary>
    public static double Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        long r = 1;
        for (var i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    /// <summary>Element-wise equality to 12 decimal places, with the index in the message.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
