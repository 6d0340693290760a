using MathNet.Numerics;
using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

public class PassAtKTests
{
    [Fact]
    public void Matches_the_binomial_closed_form_for_every_case_up_to_n_12()
    {
        var cases = 0;
        for (var n = 1; n <= 12; n++)
        for (var c = 0; c <= n; c++)
        {
            var row = PassAtK.PerProblem([CurveSamples.Counts(n, c)], n)[0];
            for (var k = 1; k <= n; k++)
            {
                var expected = 1 - CurveSamples.Binomial(n - c, k) / CurveSamples.Binomial(n, k);
                Assert.Equal(expected, PassAtK.Estimate(n, c, k), 12);
                Assert.Equal(expected, row[k - 1], 12);
                cases++;
            }
        }
        Assert.Equal(Enumerable.Range(1, 12).Sum(n => (n + 1) * n), cases);
    }

    [Fact]
    public void Pass_at_1_is_the_correct_share_and_pass_at_n_is_whether_any_is_correct()
    {
        for (var n = 1; n <= 40; n++)
        for (var c = 0; c <= n; c++)
        {
            Assert.Equal((double)c / n, PassAtK.Estimate(n, c, 1), 12);
            Assert.Equal(c > 0 ? 1.0 : 0.0, PassAtK.Estimate(n, c, n));
        }
    }

    [Fact]
    public void Stays_exact_for_thousands_of_samples()
    {
        // Against the log-binomial form, with n far past where C(n, k) fits in a double.
        foreach (var (n, c, k) in new[] { (5000, 3, 100), (5000, 1, 4999), (4000, 2000, 1000), (3000, 7, 1) })
        {
            var expected = -double.ExpM1(SpecialFunctions.BinomialLn(n - c, k) - SpecialFunctions.BinomialLn(n, k));
            Assert.Equal(expected, PassAtK.Estimate(n, c, k), 10);
            Assert.Equal(expected, PassAtK.PerProblem([CurveSamples.Counts(n, c)], k)[0][k - 1], 10);
        }
    }

    [Fact]
    public void Rises_with_k_and_with_c()
    {
        // Strictly until k > n - c = 47 makes a correct sample certain.
        for (var k = 2; k <= 48; k++) Assert.True(PassAtK.Estimate(50, 3, k) > PassAtK.Estimate(50, 3, k - 1));
        Assert.Equal(1.0, PassAtK.Estimate(50, 3, 48));
        for (var c = 1; c <= 40; c++) Assert.True(PassAtK.Estimate(50, c, 10) >= PassAtK.Estimate(50, c - 1, 10));
    }

    [Fact]
    public void Refuses_k_past_n_and_impossible_counts()
    {
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(5, 2, 6));
        Assert.Contains("k must be in 1..n = 5", past.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(5, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(5, 6, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(0, 0, 1));
    }

    [Fact]
    public void Curve_is_the_mean_over_problems_and_stops_at_the_fewest_samples()
    {
        var problems = new[] { CurveSamples.Counts(4, 1, "a"), CurveSamples.Counts(6, 0, "b"), CurveSamples.Counts(5, 5, "c") };
        var curve = PassAtK.Curve(problems, 4, new BootstrapOptions { Resamples = 200 });
        Assert.Equal([1, 2, 3, 4], curve.Select(p => p.K));
        for (var k = 1; k <= 4; k++)
        {
            var mean = problems.Average(p => PassAtK.Estimate(p, k));
            Assert.Equal(mean, curve[k - 1].Value, 12);
            Assert.InRange(curve[k - 1].Value, curve[k - 1].Low, curve[k - 1].High);
        }
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Curve(problems, 5));
        Assert.Contains("maxK must be in 1..4 (problem a has 4 samples)", ex.Message);
        Assert.Throws<ArgumentException>(() => PassAtK.Curve([], 1));
    }
}
